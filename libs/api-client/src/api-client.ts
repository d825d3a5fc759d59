/**
 * @module api-client
 * The typed client of the coordinator: one method per REST route, grouped
 * by resource (`api.jobs.create(…)`, `api.models.promote(…)`, …), plus the
 * admin socket (`api.watchJobs`). Platform-free: global `fetch`, `FormData`
 * and `Blob`, no `node:*` imports, so the CLI, the tools, the dashboard and
 * the tests share it.
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'http://127.0.0.1:8080', token: secret });
 * const job = await api.jobs.create({ model: { builtin: 'mnist-cnn' }, dataset: 'mnist' });
 * await api.jobs.start(job.id);
 */
import type { AdminJobUpdate, ClientView } from '@fl/protocol';
import { watchAdmin, type AdminWatchOptions, type CloseFn } from './admin-socket';
import { Http, type ApiClientOptions } from './http';
import { AuthApi } from './resources/auth';
import { ClientsApi } from './resources/clients';
import { EnrollmentTokensApi } from './resources/enrollment';
import { JobsApi } from './resources/jobs';
import { ModelsApi } from './resources/models';
import { SystemApi } from './resources/system';
import { TokensApi } from './resources/tokens';

export class ApiClient {
  private readonly http: Http;
  readonly jobs: JobsApi;
  readonly models: ModelsApi;
  readonly clients: ClientsApi;
  readonly enrollmentTokens: EnrollmentTokensApi;
  readonly tokens: TokensApi;
  readonly auth: AuthApi;
  readonly system: SystemApi;

  constructor(o: ApiClientOptions) {
    this.http = new Http(o);
    this.jobs = new JobsApi(this.http);
    this.models = new ModelsApi(this.http);
    this.clients = new ClientsApi(this.http);
    this.enrollmentTokens = new EnrollmentTokensApi(this.http);
    this.tokens = new TokensApi(this.http);
    this.auth = new AuthApi(this.http);
    this.system = new SystemApi(this.http);
  }

  /** The coordinator origin, without a trailing slash. */
  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** `<baseUrl>/api`. */
  get restBase(): string {
    return this.http.apiBase;
  }

  /**
   * Follows every job (and, with `onClients`, the client list) over the
   * `/admin` socket; reconnects by itself. Returns the function that stops.
   */
  watchJobs(onJob: (update: AdminJobUpdate) => void, onClients?: (clients: ClientView[]) => void, o?: AdminWatchOptions): CloseFn {
    return watchAdmin(this.http.baseUrl, this.http.authToken, onJob, onClients, o);
  }
}
