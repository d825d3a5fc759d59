/**
 * @module resources/tokens
 * `/api/tokens`: admin API tokens and their roles. The secret is in the
 * reply of `create` only; the coordinator keeps its hash.
 */
import type { ApiTokenView, CreateApiTokenRequest, CreatedApiToken } from '@fl/protocol';
import { seg, type Http } from '../http';

export class TokensApi {
  constructor(private readonly http: Http) {}

  /** `POST /api/tokens`: the only reply that carries `secret`. */
  create(req: CreateApiTokenRequest): Promise<CreatedApiToken> {
    return this.http.json('POST', '/tokens', req);
  }

  /** `GET /api/tokens` (never secrets). */
  list(): Promise<ApiTokenView[]> {
    return this.http.json('GET', '/tokens');
  }

  /** `DELETE /api/tokens/:id`: the revoked token, or null on 204. */
  revoke(id: string): Promise<ApiTokenView | null> {
    return this.http.jsonOrNull('DELETE', `/tokens/${seg(id)}`);
  }
}
