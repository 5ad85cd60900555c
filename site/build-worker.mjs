// A thread of the site build (integration.ts): it writes a share of the domains' files
// (downloads.ts) once the server pages' layout comes, and hands what the network-wide files need
// to the first share's thread, which writes those once every share's has come. Plain JavaScript,
// so that a worker can start it: it has tsx load the site's TypeScript, as Astro's own loader does
// for the integration.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { writeShare, writeNetworkFiles } = await import("./downloads.ts");
const { root, share, generatedAt, to, from } = workerData;
const layout = await new Promise((resolve) => parentPort.once("message", resolve));
const { files, lines } = writeShare(root, layout, share, generatedAt);
if (to) {
  to.postMessage(lines);
  parentPort.postMessage({ files });
} else {
  const received = (port) =>
    new Promise((resolve) =>
      port.once("message", (theirs) => {
        port.close();
        resolve(theirs);
      }),
    );
  const theirs = await Promise.all(from.map(received));
  parentPort.postMessage({ files: files + writeNetworkFiles(root, [lines, ...theirs], generatedAt).files });
}
