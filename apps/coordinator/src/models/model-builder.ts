/**
 * @module models/model-builder
 * Builds models off the event loop: every request goes to one
 * `model-build.worker` thread through the shared {@link WorkerClient}, one
 * at a time in the worker's own order. Without the built worker file (Jest
 * from sources before `npm run build`) the same code runs in this thread,
 * after one warning.
 */
import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { WorkerClient } from '../common/worker-client';
import { findWorkerFile } from '../common/worker-file';
import { buildModelBytes, ModelBuildError } from './model-build';
import type { BuiltModel, ModelBuildReply, ModelBuildRequest } from './model-build-messages';

export class ModelBuilder {
  private readonly client: WorkerClient<ModelBuildReply>;

  constructor(file: string | null = findWorkerFile('models/model-build.worker.js'), warn: (m: string) => void = (m) => new Logger(ModelBuilder.name).warn(m)) {
    this.client = new WorkerClient(file, 'model-build worker', 'the model-build worker is not built (npm run build); models are built in the event loop', warn);
  }

  /** The running thread, if any (tests). */
  get thread(): Worker | null {
    return this.client.thread;
  }

  /**
   * Builds, serializes and hashes a model. `transfer`: buffers of the request
   * handed to the worker (the caller must not use them again).
   * @throws ModelBuildError for a bad spec or upload; Error when the worker dies
   */
  async build(request: ModelBuildRequest, transfer: ArrayBuffer[] = []): Promise<BuiltModel> {
    const w = this.client.started();
    if (!w) return buildModelBytes(request);
    const reply = await this.client.request(w, request, transfer);
    if (reply.ok) return { layout: reply.layout, topology: reply.topology, serialized: reply.serialized, hash: reply.hash };
    if (reply.kind === 'internal') throw new Error(`model-build worker: ${reply.message}`);
    throw new ModelBuildError(reply.kind, reply.message);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The process's one builder (its thread starts on first use and never holds the process open). */
export const modelBuilder = new ModelBuilder();
