/**
 * @module http
 * The transport under every resource: builds `<baseUrl>/api<path>?query`,
 * adds `Authorization: Bearer <token>` when a token is set, sends JSON or
 * multipart bodies with the global (or an injected) `fetch`, and turns any
 * non-2xx answer into an {@link ApiError}. Bodies are parsed with
 * `JSON.parse(await res.text())`, not `res.json()`, so the objects belong to
 * the caller's realm (Jest runs tests in a vm context).
 */
import { ApiError } from './api-error';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Coordinator origin, e.g. `http://127.0.0.1:8080` (a trailing `/` is ignored). */
  baseUrl: string;
  /** Admin API token secret, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchFn;
  /** For a browser using the session cookie instead of a token (`include` across origins). */
  credentials?: RequestCredentials;
}

export type Query = Record<string, string | number | boolean | undefined>;

export class Http {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchFn: FetchFn;
  private readonly credentials: RequestCredentials | undefined;

  constructor(o: ApiClientOptions) {
    if (!/^https?:\/\/[^/]/i.test(o.baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL, got "${o.baseUrl}"`);
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.token = o.token || undefined;
    // Never call a borrowed `fetch` as a method: browsers throw "Illegal invocation" unless `this` is the window.
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.credentials = o.credentials;
  }

  /** `<baseUrl>/api`. */
  get apiBase(): string {
    return `${this.baseUrl}/api`;
  }

  /** Whether a token is configured (the admin socket sends it too). */
  get authToken(): string | undefined {
    return this.token;
  }

  /** Sends the request; resolves with the 2xx response, else throws ApiError. */
  async send(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
    const request = `${method} /api${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const init: RequestInit = { method, headers, body: payload };
    if (this.credentials) init.credentials = this.credentials;
    const fetchFn = this.fetchFn;
    let res: Response;
    try {
      res = await fetchFn(this.apiBase + path + queryString(query), init);
    } catch (e) {
      throw ApiError.unreachable(e, request, this.baseUrl);
    }
    if (!res.ok) throw await ApiError.fromResponse(res, request);
    return res;
  }

  async json<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const res = await this.send(method, path, body, query);
    return JSON.parse(await res.text()) as T;
  }

  /** For routes that may answer 204 (or 200 with a body): the parsed body or null. */
  async jsonOrNull<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const text = await (await this.send(method, path, body)).text();
    return text.trim() ? (JSON.parse(text) as T) : null;
  }

  async bytes(method: string, path: string): Promise<Uint8Array> {
    const res = await this.send(method, path);
    return new Uint8Array(await res.arrayBuffer());
  }

  async empty(method: string, path: string, body?: unknown): Promise<void> {
    const res = await this.send(method, path, body);
    await res.arrayBuffer().catch(() => undefined);
  }
}

/** `/jobs/<id>` with the id escaped. */
export const seg = (id: string): string => encodeURIComponent(id);

function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
