/**
 * @module dashboard/dashboard-static
 * Serves the admin dashboard (`apps/dashboard`, built by `npm run build`)
 * at `/`: hashed assets with a long cache, `index.html` never cached, and
 * the single-page fallback (any other GET for an HTML page answers
 * index.html, so `/jobs/<id>` reloads work) — never for the REST API
 * (`/api`) or socket.io (`/fl`), which keep their own 404s. The app needs no
 * inline script, so the default CSP (helmet, app.factory) allows it as is.
 * Without a build, `/` says how to make one.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SOCKET_PATH } from '@fl/protocol';

/** The parts of Express's request and response used here. */
interface Request {
  method: string;
  path: string;
  headers: { accept?: string };
}
interface Response {
  status(code: number): Response;
  type(t: string): Response;
  send(body: string): void;
  setHeader(name: string, value: string): void;
  sendFile(path: string): void;
}
type NextFunction = () => void;

/** `apps/dashboard/dist`, from `apps/coordinator/{src,dist}/dashboard`. */
export const DASHBOARD_DIR = resolve(__dirname, '../../../dashboard/dist');

/** Whether `path` may get the app's index.html (a client-side route). */
export function isAppRoute(method: string, path: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/api' || path.startsWith('/api/') || path === SOCKET_PATH || path.startsWith(`${SOCKET_PATH}/`)) return false;
  if (/\.[A-Za-z0-9]+$/.test(path)) return false; // a missing asset stays a 404
  return (accept ?? '').includes('text/html');
}

export function mountDashboard(app: NestExpressApplication, dir = DASHBOARD_DIR): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (!isAppRoute(req.method, req.path, req.headers.accept)) return next();
      res.status(404).type('text/plain').send('The dashboard is not built: run `npm run build` (apps/dashboard). The API is at /api, its docs at /api/docs.\n');
    });
    return;
  }
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false, fallthrough: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isAppRoute(req.method, req.path, req.headers.accept)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
