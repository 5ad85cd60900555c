// A TCP proxy that delays what a client sends by a fixed time: the benchmark's remote domains
// answer over s2s as if they were far away. Usage: node latency-proxy.mjs LISTEN_ADDRESS PORT TARGET_ADDRESS TARGET_PORT DELAY_MS
// Prosody's s2s streams are one-way (the answers come back on the remote server's own stream), so
// delaying the client's direction by DELAY_MS makes every IQ's round trip at least DELAY_MS.
import { connect, createServer } from "node:net";

const [address, port, targetAddress, targetPort, delay] = process.argv.slice(2);
const delayMs = Number(delay);
const sockets = new Set();
const server = createServer((client) => {
  const upstream = connect({ host: targetAddress, port: Number(targetPort) });
  for (const s of [client, upstream]) {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => {
      sockets.delete(s);
      client.destroy();
      upstream.destroy();
    });
  }
  // Timers of one delay fire in the order they were set: the bytes keep their order.
  client.on("data", (chunk) => setTimeout(() => upstream.write(chunk), delayMs));
  upstream.on("data", (chunk) => client.write(chunk));
});
server.listen(Number(port), address, () => console.log(`latency proxy on ${address}:${port} -> ${targetAddress}:${targetPort}, +${delayMs} ms`));
const stop = () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
