/**
 * @module resources/clients
 * `/api/clients`: enrolled edge clients, and their suspension (refused
 * from cohorts until resumed) and revocation (permanent: it must enroll
 * again with a new enrollment token).
 */
import type { ClientView } from '@fl/protocol';
import { seg, type Http } from '../http';

export class ClientsApi {
  constructor(private readonly http: Http) {}

  /** `GET /api/clients`: every enrolled client, connected or not. */
  list(): Promise<ClientView[]> {
    return this.http.json('GET', '/clients');
  }

  /** `POST /api/clients/:id/suspend`: the client's view, or null if the coordinator answers 204. */
  suspend(id: string): Promise<ClientView | null> {
    return this.http.jsonOrNull('POST', `/clients/${seg(id)}/suspend`);
  }

  /** `POST /api/clients/:id/resume`. */
  resume(id: string): Promise<ClientView | null> {
    return this.http.jsonOrNull('POST', `/clients/${seg(id)}/resume`);
  }

  /** `POST /api/clients/:id/revoke`. */
  revoke(id: string): Promise<ClientView | null> {
    return this.http.jsonOrNull('POST', `/clients/${seg(id)}/revoke`);
  }
}
