import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface LocalServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** host:port, for RAQIB_FETCH_ALLOW */
  hostPort: string;
  /** every request path received, in order */
  requests: string[];
  /** replace the routes while the server runs */
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/**
 * A server on 127.0.0.1 standing in for the outside web. Routes match on the path without the query;
 * unknown paths get 404. It counts requests so SSRF tests can assert that nothing reached it.
 */
export async function startLocalServer(routes: Record<string, Handler> = {}): Promise<LocalServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push(req.url ?? '');
    const path = (req.url ?? '/').split('?')[0];
    const h = table.get(path) ?? table.get('*');
    if (!h) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    try {
      await h(req, res);
    } catch (e) {
      if (!res.headersSent) res.statusCode = 500;
      res.end(String(e));
    }
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    hostPort: `127.0.0.1:${port}`,
    requests,
    route: (p, h) => void table.set(p, h),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
