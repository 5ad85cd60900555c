// A TCP proxy on 127.0.0.1 that delays every chunk by `delayMs` in each direction, in order: a
// home server that is far away or busy, for the login tests.
import { forward, listenTracked, relayTo } from "../../scripts/federation/relay.mjs";

export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

export async function latencyProxy(target: { host: string; port: number }, delayMs: number): Promise<LatencyProxy> {
  const server = relayTo(target, (client, upstream) => {
    forward(client, upstream, delayMs);
    forward(upstream, client, delayMs);
  });
  const { port, close } = await listenTracked(server, "127.0.0.1");
  return { port, close };
}
