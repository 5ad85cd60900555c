// The web server of the test federation: https (the federation's certificate) and plain http,
// answering by Host header from a routes file the federation writes (spec.ts webRoutes). It logs
// one line a request: its arrival time, the address it came in on, host, path, status, user agent.
// Usage: node web.mjs ROUTES.json
import { readFileSync } from "node:fs";
import { createServer as createHttps } from "node:https";
import { createServer as createHttp } from "node:http";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const tls = { cert: readFileSync(config.cert), key: readFileSync(config.key) };
const timers = new Set();

function answer(request, response) {
  const host = (request.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const path = new URL(request.url ?? "/", "http://x").pathname;
  const route = config.routes[host]?.[path];
  // When each request arrived, and at which of our addresses: what a test of politeness measures.
  console.log(`${new Date().toISOString()} ${request.socket.localAddress} ${host} ${path} ${route?.status ?? 404} ${request.headers["user-agent"] ?? ""}`);
  const send = () => {
    if (!route) return response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    const headers = { "content-type": path.endsWith(".txt") ? "text/plain; charset=utf-8" : "text/html; charset=utf-8" };
    if (route.location) headers.location = route.location;
    response.writeHead(route.status, headers).end(route.body ?? "");
  };
  if (route?.delayMs) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, route.delayMs);
    timers.add(timer);
  } else send();
}

const servers = config.listen.map(({ address, port, https }) => {
  const server = https ? createHttps(tls, answer) : createHttp(answer);
  server.listen(port, address, () => console.log(`web listening on ${https ? "https" : "http"}://${address}:${port}`));
  return server;
});

const stop = () => {
  for (const timer of timers) clearTimeout(timer);
  for (const server of servers) server.closeAllConnections?.();
  Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))).then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
