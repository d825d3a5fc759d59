/**
 * @module testing/fake-coordinator
 * A real node:http server for the client's specs: it records every request
 * (method, path, query, headers, raw body) and answers from a route table,
 * so the specs check what actually crosses the wire. Test-only (not built).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  json?: unknown;
  raw?: Buffer | string;
  type?: string;
}

export type Handler = (req: Seen) => Reply;

export interface FakeCoordinator {
  url: string;
  server: Server;
  seen: Seen[];
  /** Routes keyed `METHOD /api/path` (exact path); unknown routes answer a Nest-style 404. */
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

export async function startFakeCoordinator(): Promise<FakeCoordinator> {
  const seen: Seen[] = [];
  const routes = new Map<string, Handler>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const s: Seen = { method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      const h = routes.get(`${s.method} ${s.path}`);
      const r: Reply = h ? h(s) : { status: 404, json: { statusCode: 404, message: `Cannot ${s.method} ${s.path}`, error: 'Not Found' } };
      const body = r.raw ?? (r.json === undefined ? '' : JSON.stringify(r.json));
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? (r.json !== undefined ? 'application/json' : 'application/octet-stream') });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    seen,
    routes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
