// The federation's TCP plumbing, one copy for bench:network's latency proxy (run by node alone,
// hence JavaScript) and the tests' proxies and hostile peers: a listener that keeps its
// connections, so that closing it cuts them all, and a relay that gives each client its own
// connection to a target, the two ends closing together.
import net from "node:net";

/** Moves what `from` sends to `to`, and its end and close, each `delayMs` later (0: at once); timers of one delay fire in the order they were set, so the bytes keep their order. */
export function forward(from, to, delayMs = 0) {
  const later = delayMs > 0 ? (act) => setTimeout(act, delayMs) : (act) => act();
  from.on("data", (chunk) => later(() => to.writable && to.write(chunk)));
  closeWith(from, to, delayMs);
}

/** Ends and closes `to` when `from` ends and closes, `delayMs` later. */
export function closeWith(from, to, delayMs = 0) {
  const later = delayMs > 0 ? (act) => setTimeout(act, delayMs) : (act) => act();
  from.on("end", () => later(() => to.end()));
  from.on("close", () => later(() => to.destroy()));
}

/** A server that connects each client to `target` and hands both ends to `wire`, which moves the bytes (both ways, at once, by default). */
export function relayTo(target, wire = (client, upstream) => (forward(client, upstream), forward(upstream, client))) {
  return net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    // A peer's reset closes the socket, and the close reaches the other end through `wire`.
    for (const socket of [client, upstream]) socket.on("error", () => {});
    wire(client, upstream);
  });
}

/** Starts `server` on `address` (port 0: any free one), keeping every connection it accepts until it closes. */
export async function listenTracked(server, address, port = 0) {
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: server.address().port,
    cut,
    close: () =>
      new Promise((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
