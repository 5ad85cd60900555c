// Who the crawler says it is, to operators who see it in their logs.
import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../package.json") as { version: string };

export const PROJECT = {
  name: "Serverinfo Observatory",
  version: pkg.version,
  url: "https://github.com/serverinfo-observatory/serverinfo-observatory",
} as const;
