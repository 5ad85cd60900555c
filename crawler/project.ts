// Who the crawler says it is, to operators who see it in their logs.
import pkg from "../package.json" with { type: "json" };

export const PROJECT = {
  name: "Serverinfo Observatory",
  version: pkg.version,
  url: "https://github.com/serverinfo-observatory/serverinfo-observatory",
} as const;

/** The User-Agent of the contact checks' web requests: the project and where to read about it. */
export const USER_AGENT = `serverinfo-observatory/${PROJECT.version} (+${PROJECT.url})`;
