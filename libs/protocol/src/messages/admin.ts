/**
 * @module messages/admin
 * server → dashboard over the `/admin` namespace, no acks. Every event carries
 * the full current view so a late subscriber needs no history.
 */
import type { JobView } from '../rest/jobs';
import type { ClientView } from '../rest/clients';

export interface AdminJobUpdate {
  job: JobView;
}
export interface AdminClientsUpdate {
  clients: ClientView[];
}
