/**
 * @module resources/enrollment
 * `/api/enrollment-tokens`: tokens a site presents once to enroll its
 * clients. The secret is in the reply of `create` only.
 */
import type { CreatedEnrollmentToken, CreateEnrollmentTokenRequest, EnrollmentTokenView } from '@fl/protocol';
import { seg, type Http } from '../http';

export class EnrollmentTokensApi {
  constructor(private readonly http: Http) {}

  /** `POST /api/enrollment-tokens`: the only reply that carries `secret`. */
  create(req: CreateEnrollmentTokenRequest = {}): Promise<CreatedEnrollmentToken> {
    return this.http.json('POST', '/enrollment-tokens', req);
  }

  /** `GET /api/enrollment-tokens` (never secrets). */
  list(): Promise<EnrollmentTokenView[]> {
    return this.http.json('GET', '/enrollment-tokens');
  }

  /** `DELETE /api/enrollment-tokens/:id`: the revoked token, or null on 204. */
  revoke(id: string): Promise<EnrollmentTokenView | null> {
    return this.http.jsonOrNull('DELETE', `/enrollment-tokens/${seg(id)}`);
  }
}
