/**
 * @module bulk/bulk-channel
 * The event-loop side of the bulk channel: starts `bulk.worker` on the
 * configured port at boot, advertises the port to registering clients
 * ({@link BulkEndpoint}), and answers the worker's questions by delegating
 * to the services the socket path uses: bulk credentials to `ClientsService`,
 * model chunks to `ModelsService`, uploads to `RoundsService` (as the task's
 * one `update:chunk`), so both paths accept and refuse exactly the same.
 *
 * Upload buffers travel back to the worker once their update is folded
 * ({@link recycle}), so the event loop's heap never sees tens of MB of fresh
 * buffers per round: received and dropped, each 4 MB buffer counted towards
 * V8's external-memory limit and set off a full GC every few uploads.
 *
 * The worker enforces the channel's limits and timeouts (`--bulk-*` options,
 * bulk-limits) and, with `--tls-cert`/`--tls-key`, serves HTTPS.
 *
 * `--bulk-port -1` runs without it; without the built worker it is off
 * (logged). A worker that dies is restarted after a back-off; meanwhile no
 * port is advertised and clients move everything over the socket. A port
 * that was asked for explicitly and cannot be bound stops the boot.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { MAX_MODEL_BYTES } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { BulkEndpoint } from '../clients/bulk-endpoint';
import { ClientsService } from '../clients/clients.service';
import { toProtocolError } from '../common/filters/ws-exception.filter';
import { findWorkerFile } from '../common/worker-file';
import { loadTls } from '../config/tls-files';
import { ModelsService } from '../models/models.service';
import { RoundsService } from '../rounds/rounds.service';
import { CoordinatorMetrics } from '../metrics/coordinator-metrics';
import type { BulkAnswer, BulkNotice, BulkQuestion, BulkRecycle, BulkWorkerData } from './bulk-messages';

export interface BulkStats {
  /** The advertised port; null while there is no bulk channel. */
  port: number | null;
  /** Model chunks and uploads the event loop allowed since start… */
  modelChunks: number;
  uploads: number;
  /** …and requests it refused (identity, model, task, size; malformed requests the worker refuses alone are not counted). */
  refused: number;
}

/** A dead worker is restarted after this, doubling up to MAX_RESTART_MS while it keeps dying within STABLE_MS of its start. */
const RESTART_MS = 1_000;
const MAX_RESTART_MS = 60_000;
const STABLE_MS = 10 * 60_000;

/** Models the worker keeps: the current global model plus the few a slow client may still fetch. */
const CACHED_MODELS = 4;

@Injectable()
export class BulkChannel implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BulkChannel.name);
  private worker: Worker | null = null;
  private closed = false;
  private startedAt = 0;
  private restartDelayMs = RESTART_MS / 2;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly counts = { modelChunks: 0, uploads: 0, refused: 0 };
  /** Upload buffers that came from the worker and may go back to it. */
  private readonly lent = new WeakSet<ArrayBuffer>();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly endpoint: BulkEndpoint,
    private readonly clients: ClientsService,
    private readonly models: ModelsService,
    private readonly rounds: RoundsService,
    private readonly metrics: CoordinatorMetrics,
  ) {}

  /** What `GET /api/health` reports: the advertised port and the event loop's answers since start. */
  stats(): BulkStats {
    return { port: this.endpoint.port, ...this.counts };
  }

  /** The worker thread, while it runs (tests). */
  get thread(): Worker | null {
    return this.worker;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.bulkPort < 0) return;
    this.rounds.recycleUploadsWith((bytes) => this.recycle(bytes));
    await this.start(true);
  }

  /**
   * Starts the worker and waits until it listens. At boot a port that was
   * asked for and cannot be bound throws; later (a restart) every failure
   * only leaves the channel off, logged.
   */
  private async start(boot: boolean): Promise<void> {
    const file = findWorkerFile('bulk/bulk.worker.js');
    if (!file) {
      this.logger.warn('the bulk channel worker is not built (npm run build): models and updates go over the socket');
      return;
    }
    const c = this.config;
    const tls = loadTls(c);
    const workerData: BulkWorkerData = {
      host: c.host,
      port: c.bulkPort,
      maxUploadBytes: MAX_MODEL_BYTES,
      cacheModels: CACHED_MODELS,
      headersTimeoutMs: c.bulkHeadersTimeoutSeconds * 1000,
      idleTimeoutMs: c.bulkIdleTimeoutSeconds * 1000,
      requestTimeoutMs: c.bulkRequestTimeoutSeconds * 1000,
      maxConnections: c.bulkMaxConnections,
      maxConnectionsPerAddress: c.bulkMaxConnectionsPerAddress,
      maxRequestsPerClient: c.bulkMaxRequestsPerClient,
      ...(tls ? { tls } : {}),
    };
    const w = new Worker(file, { workerData });
    const started = await new Promise<BulkNotice>((resolve) => {
      w.once('message', resolve);
      w.once('error', (e) => resolve({ notice: 'failed', message: e.message }));
      w.once('exit', (code) => resolve({ notice: 'failed', message: `exited with code ${code}` }));
    });
    if (started.notice === 'failed') {
      await w.terminate();
      const what = `bulk channel could not listen on ${this.config.host}:${this.config.bulkPort}: ${started.message}`;
      if (boot && this.config.bulkPort > 0) throw new Error(`${what} (choose another --bulk-port, or -1 to run without it)`);
      this.logger.warn(`${what}; models and updates go over the socket`);
      return;
    }
    if (this.closed) {
      await w.terminate();
      return;
    }
    w.unref();
    w.on('message', (q: BulkQuestion | BulkNotice) => 'op' in q && void this.answer(w, q));
    w.on('error', (e) => this.logger.error(`bulk channel worker failed: ${e.stack ?? e.message}`));
    w.on('exit', (code) => this.lost(w, code));
    this.worker = w;
    this.startedAt = Date.now();
    this.endpoint.port = started.port;
    this.logger.log(`bulk channel (model downloads, update uploads) on ${this.config.tlsCert ? 'https' : 'http'}://${this.config.host}:${started.port}`);
  }

  /** The worker died: clients use the socket until a new one listens, after a back-off that doubles while it keeps dying. */
  private lost(w: Worker, code: number): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.endpoint.port = null;
    if (this.closed) return;
    this.restartDelayMs = Date.now() - this.startedAt > STABLE_MS ? RESTART_MS : Math.min(MAX_RESTART_MS, this.restartDelayMs * 2);
    this.logger.error(`bulk channel worker exited (code ${code}): models and updates go over the socket; restarting it in ${this.restartDelayMs / 1000} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start(false).catch((e: Error) => this.logger.error(`bulk channel restart failed: ${e.message}`));
    }, this.restartDelayMs);
    this.restartTimer.unref();
  }

  /** Hands an upload buffer that came from the worker back to it (a no-op for any other bytes). The caller must not read `bytes` again. */
  recycle(bytes: Uint8Array): void {
    const buf = bytes.buffer;
    if (!this.worker || !(buf instanceof ArrayBuffer) || !this.lent.has(buf)) return;
    this.lent.delete(buf);
    this.worker.postMessage({ recycle: buf } satisfies BulkRecycle, [buf]);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.rounds.recycleUploadsWith(null);
    const w = this.worker;
    this.worker = null;
    this.endpoint.port = null;
    if (w) await w.terminate();
  }

  private async answer(w: Worker, q: BulkQuestion): Promise<void> {
    let a: BulkAnswer;
    const transfer: ArrayBuffer[] = [];
    try {
      switch (q.op) {
        case 'model': {
          const c = this.clients.authenticate(q.clientId, q.token);
          const range = await this.models.chunkRange(q.hash, q.index);
          this.rounds.modelFetched(c.id, q.hash, q.index);
          a = { id: q.id, ok: true, ...range };
          this.counts.modelChunks++;
          this.metrics.sent.inc({ channel: 'bulk' }, range.end - range.start);
          break;
        }
        case 'model-bytes': {
          const bytes = await this.models.copyOf(q.hash);
          transfer.push(bytes.buffer as ArrayBuffer);
          a = { id: q.id, ok: true, bytes };
          break;
        }
        case 'upload-begin': {
          const c = this.clients.authenticate(q.clientId, q.token);
          this.rounds.expectUpload(c.id, q.taskId, q.length);
          a = { id: q.id, ok: true };
          break;
        }
        case 'upload': {
          if (q.bytes.buffer instanceof ArrayBuffer) this.lent.add(q.bytes.buffer);
          const c = this.clients.authenticate(q.clientId, q.token);
          const length = q.bytes.byteLength; // read before the fold may hand the buffer back
          a = { id: q.id, ok: true, received: this.rounds.bulkUpload(c.id, q.taskId, q.bytes).received };
          this.counts.uploads++;
          this.metrics.received.inc({ channel: 'bulk' }, length);
          break;
        }
      }
    } catch (e) {
      const error = toProtocolError(e);
      this.counts.refused++;
      this.metrics.refusal('bulk', error.code);
      if (error.code === 'INTERNAL') this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      a = { id: q.id, ok: false, error };
    }
    w.postMessage(a, transfer);
  }
}
