/**
 * @module resources/jobs
 * `/api/jobs`: create, list, get, start, stop, delete a federated job, its
 * current global model, its evaluation history, and raise a DP job's budget.
 */
import type { CreateJobRequest, JobEvaluations, JobView, RaiseBudgetRequest } from '@fl/protocol';
import { seg, type Http } from '../http';
import type { DeletedJob, GlobalModelView } from '../types';

export class JobsApi {
  constructor(private readonly http: Http) {}

  /** `POST /api/jobs`: the job, defaults filled, status `created`. */
  create(req: CreateJobRequest): Promise<JobView> {
    return this.http.json('POST', '/jobs', req);
  }

  /** `GET /api/jobs`. */
  list(): Promise<JobView[]> {
    return this.http.json('GET', '/jobs');
  }

  /** `GET /api/jobs/:id`. */
  get(id: string): Promise<JobView> {
    return this.http.json('GET', `/jobs/${seg(id)}`);
  }

  /** `GET /api/jobs/:id/evaluations`: per evaluated round, federated means, per-client rows and the centralized result (for charts). */
  evaluations(id: string): Promise<JobEvaluations> {
    return this.http.json('GET', `/jobs/${seg(id)}/evaluations`);
  }

  /** `POST /api/jobs/:id/start` (409 unless created or stopped). */
  start(id: string): Promise<JobView> {
    return this.http.json('POST', `/jobs/${seg(id)}/start`);
  }

  /** `POST /api/jobs/:id/privacy/budget` (admin only, audited): raises a DP job's ε budget; a job stopped at its budget can then be started again. */
  raiseBudget(id: string, epsilon: number): Promise<JobView> {
    const body: RaiseBudgetRequest = { epsilon };
    return this.http.json('POST', `/jobs/${seg(id)}/privacy/budget`, body);
  }

  /** `POST /api/jobs/:id/stop` (409 unless created or running). */
  stop(id: string): Promise<JobView> {
    return this.http.json('POST', `/jobs/${seg(id)}/stop`);
  }

  /** `DELETE /api/jobs/:id[?force=true]`: also deletes the serving version when forced (409 while running). */
  delete(id: string, o: { force?: boolean } = {}): Promise<DeletedJob> {
    return this.http.json('DELETE', `/jobs/${seg(id)}`, undefined, { force: o.force ? 'true' : undefined });
  }

  /** `GET /api/jobs/:id/model`: the current global model (weights via `models.weights(hash)`). */
  model(id: string): Promise<GlobalModelView> {
    return this.http.json('GET', `/jobs/${seg(id)}/model`);
  }
}
