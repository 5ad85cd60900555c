// Who the crawler says it is, to operators who see it in their logs.
import pkg from "../package.json" with { type: "json" };

export const PROJECT = {
  name: "Serverinfo Observatory",
  version: pkg.version,
  url: "https://github.com/serverinfo-observatory/serverinfo-observatory",
} as const;
