/**
 * @module auth/content-type.middleware
 * CSRF defence in depth (docs/security.md): a state-changing request (POST,
 * PUT, PATCH, DELETE) may carry only `application/json`, or
 * `multipart/form-data` for `POST /api/models/import` (what TF.js
 * `model.save` sends), or no Content-Type at all (a bodyless call). The
 * types an HTML form or a "simple" cross-site request can send
 * (`text/plain`, `application/x-www-form-urlencoded`, multipart elsewhere)
 * and anything else → 415 `UNSUPPORTED_MEDIA_TYPE`, before any parsing.
 */
import { AuthCode } from './auth-errors';
import { STATE_CHANGING } from './principal';

export const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['POST /api/models/import']);

export function mediaTypeAllowed(method: string, path: string, contentType: string | undefined): boolean {
  if (!STATE_CHANGING.has(method) || contentType === undefined) return true;
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (media === 'application/json') return true;
  return media === 'multipart/form-data' && MULTIPART_ROUTES.has(`${method} ${path.replace(/\/+$/, '')}`);
}

interface Req {
  method: string;
  path: string;
  headers: { 'content-type'?: string };
}
interface Res {
  status(code: number): { json(body: unknown): void };
}

export function contentTypeMiddleware(req: Req, res: Res, next: () => void): void {
  if (mediaTypeAllowed(req.method, req.path, req.headers['content-type'])) return next();
  res.status(415).json({ statusCode: 415, code: AuthCode.UnsupportedMediaType, message: 'state-changing requests take application/json (multipart/form-data only for POST /api/models/import)' });
}
