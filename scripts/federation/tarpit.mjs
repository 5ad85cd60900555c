// A "tarpit" XMPP server for the test federation: accepts TCP connections and never speaks.
// Usage: node tarpit.mjs ADDRESS PORT
import { createServer } from "node:net";

const [address = "127.0.0.10", port = "5269"] = process.argv.slice(2);
const sockets = new Set();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on("error", () => {});
  socket.on("close", () => sockets.delete(socket));
});
server.listen(Number(port), address, () => console.log(`tarpit listening on ${address}:${port}`));
const stop = () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
