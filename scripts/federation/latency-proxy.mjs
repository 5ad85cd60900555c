// A TCP proxy that delays what a client sends by a fixed time: the benchmark's remote domains
// answer over s2s as if they were far away. Usage: node latency-proxy.mjs LISTEN_ADDRESS PORT TARGET_ADDRESS TARGET_PORT DELAY_MS
// Prosody's s2s streams are one-way (the answers come back on the remote server's own stream), so
// delaying the client's direction by DELAY_MS makes every IQ's round trip at least DELAY_MS.
import { forward, listenTracked, relayTo } from "./relay.mjs";

const [address, port, targetAddress, targetPort, delay] = process.argv.slice(2);
const delayMs = Number(delay);
const server = relayTo({ host: targetAddress, port: Number(targetPort) }, (client, upstream) => {
  forward(client, upstream, delayMs);
  forward(upstream, client);
});
const listener = await listenTracked(server, address, Number(port));
console.log(`latency proxy on ${address}:${port} -> ${targetAddress}:${targetPort}, +${delayMs} ms`);
const stop = () => listener.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
