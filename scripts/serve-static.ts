// Serves a built site folder on loopback, as any static host would: for the demo and the browser
// tests. sirv does the serving (types, ranges, traversal); we add the feed type and a plain 404.
import { createServer, type Server } from "node:http";
import sirv from "sirv";

export async function serveStatic(root: string, port = 0, host = "127.0.0.1"): Promise<{ url: string; close: () => Promise<void> }> {
  const files = sirv(root, {
    etag: true,
    // The site's only .xml files are its Atom feeds (README: "The site").
    setHeaders: (response, pathname) => {
      if (pathname.endsWith(".xml")) response.setHeader("content-type", "application/atom+xml");
    },
    onNoMatch: (_request, response) => void response.writeHead(404, { "content-type": "text/plain" }).end("not found"),
  });
  const server: Server = createServer((request, response) => files(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return { url: `http://${host}:${bound}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
