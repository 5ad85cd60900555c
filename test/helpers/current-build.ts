// A global setup of the unit and integration tests: the observatory command they run
// (bin/observatory.mjs) runs the compiled crawler, so compile it first when it is missing or older
// than its sources. npm test has compiled it already (scripts/setup.sh); a run of a few files may not.
import { buildCrawler, staleness } from "../../bin/crawler-build.mjs";

export async function setup() {
  const stale = staleness();
  if (stale === undefined) return;
  console.log(`${stale}: compiling it`);
  await buildCrawler();
}
