/**
 * @module api/rest
 * The few coordinator REST calls the tools need, typed with `@fl/protocol`.
 * A non-2xx answer throws an `ApiError` carrying the HTTP status and the
 * coordinator's error body.
 */
import type { ClientView, CreateJobRequest, JobView, ModelVersionView, TensorSpec } from '@fl/protocol';

export interface GlobalModelView {
  hash: string;
  round: number;
  layout: TensorSpec[];
  topology: object | null;
}

export class ApiError extends Error {
  readonly code = 'API_ERROR';
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} → HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

export class CoordinatorApi {
  constructor(readonly baseUrl: string) {}

  get restBase(): string {
    return `${this.baseUrl}/api`;
  }

  createJob(req: CreateJobRequest): Promise<JobView> {
    return this.json('POST', '/jobs', req);
  }

  startJob(id: string): Promise<JobView> {
    return this.json('POST', `/jobs/${encodeURIComponent(id)}/start`);
  }

  getJob(id: string): Promise<JobView> {
    return this.json('GET', `/jobs/${encodeURIComponent(id)}`);
  }

  getModel(jobId: string): Promise<GlobalModelView> {
    return this.json('GET', `/jobs/${encodeURIComponent(jobId)}/model`);
  }

  async getWeights(hash: string): Promise<Uint8Array> {
    const res = await this.send('GET', `/models/${encodeURIComponent(hash)}/weights`);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Model versions, oldest first; only the job's with `jobId`. */
  listModels(jobId?: string): Promise<ModelVersionView[]> {
    return this.json('GET', `/models${jobId === undefined ? '' : `?jobId=${encodeURIComponent(jobId)}`}`);
  }

  promote(versionId: string): Promise<ModelVersionView> {
    return this.json('POST', `/models/${encodeURIComponent(versionId)}/promote`);
  }

  /** Event-loop delay since start or the last reset (`GET /api/health`). */
  async eventLoopDelay(): Promise<{ p50: number; p99: number; max: number; mean: number; seconds: number }> {
    return (await this.json<{ eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number; seconds: number } }>('GET', '/health')).eventLoopDelayMs;
  }

  async resetEventLoopDelay(): Promise<void> {
    await this.send('POST', '/health/event-loop/reset');
  }

  listClients(): Promise<ClientView[]> {
    return this.json('GET', '/clients');
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body);
    // JSON.parse here, not res.json(): objects must belong to this realm (Jest runs tests in a vm context).
    return JSON.parse(await res.text()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(this.restBase + path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new ApiError(res.status, await res.text().catch(() => ''), `${method} ${path}`);
    return res;
  }
}
