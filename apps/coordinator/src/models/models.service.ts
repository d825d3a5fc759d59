/**
 * @module models/models.service
 * Models as content-addressed blobs: creates and stores global models, builds
 * the {@link ModelRef} sent in tasks, and serves `model:fetch` chunks as
 * zero-copy Buffer views of the stored bytes.
 *
 * The whole cohort fetches the new model at once, and each reply is a
 * multi-MB socket write: replies take {@link LoopTurns} (one per event-loop
 * iteration), so one tick never writes to every client. Saving a model
 * (serialize, hash) likewise runs in turns of its own, apart from the
 * aggregation that precedes it.
 */
import { Inject, Injectable, NotFoundException, StreamableFile, type OnModuleDestroy } from '@nestjs/common';
import { ErrorCode, type ModelFetchReply, type ModelRef, type ModelSpec } from '@fl/protocol';
import { chunkCount, deserializeWeights, parameterCount, serializeWeights, type ModelWeights } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { ProtocolException } from '../common/errors/protocol.exception';
import { LoopTurns } from '../common/loop-turns';
import { MODEL_STORE, type ModelStore, type StoredModel } from '../persistence/model-store';
import { createInitialModel } from './model-factory';
import { modelBuilder } from './model-builder';
import type { SerializedModel } from '../aggregation/aggregate-worker';

function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

@Injectable()
export class ModelsService implements OnModuleDestroy {
  /** Heavy synchronous steps (chunk replies, serialize, hash) go one per event-loop iteration. */
  private readonly turns = new LoopTurns();

  constructor(
    @Inject(MODEL_STORE) private readonly store: ModelStore,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {}

  /** Stops the model-build worker thread (a later build starts a new one). */
  async onModuleDestroy(): Promise<void> {
    await modelBuilder.close();
  }

  /** Builds, serializes and stores the initial model of a job (built off the event loop; see model-factory). @throws ModelSpecError */
  async createInitial(spec: ModelSpec, seed: number): Promise<StoredModel> {
    const { weights, topology, serialized } = await createInitialModel(spec, seed);
    return this.save(weights, topology, serialized);
  }

  /**
   * Serializes and stores `weights`; returns the stored model (hash =
   * MODEL_HASH_ALGORITHM of the bytes). `serialized` is `weights` already
   * serialized and hashed (by the aggregate worker): stored as given.
   */
  async save(weights: ModelWeights, topology: object | null, serialized?: SerializedModel): Promise<StoredModel> {
    await this.turns.turn(); // not in the tick of the caller's own work (e.g. the aggregation)
    const bytes = serialized?.bytes ?? serializeWeights(weights);
    if (!serialized) await this.turns.turn();
    const hash = serialized?.hash ?? modelHash(bytes);
    const model: StoredModel = { hash, bytes, layout: weights.layout, topology, parameterCount: parameterCount(weights.layout) };
    await this.store.put(model);
    return model;
  }

  async delete(hash: string): Promise<void> {
    await this.store.delete(hash);
  }

  /** @throws ProtocolException UNKNOWN_MODEL */
  async require(hash: string): Promise<StoredModel> {
    const m = await this.store.get(hash);
    if (!m) throw new ProtocolException(ErrorCode.UnknownModel, `no model with hash ${hash}`);
    return m;
  }

  /** The decoded weights of a stored model (a view over the stored bytes). */
  async weights(hash: string): Promise<ModelWeights> {
    const m = await this.require(hash);
    return deserializeWeights(m.bytes, m.layout);
  }

  ref(m: StoredModel): ModelRef {
    const chunkBytes = this.config.modelChunkBytes;
    return { hash: m.hash, bytes: m.bytes.byteLength, chunkBytes, chunks: chunkCount(m.bytes.byteLength, chunkBytes), layout: m.layout, topology: m.topology };
  }

  /**
   * One `model:fetch` chunk, resolved in its own turn: the caller's reply
   * (the socket write) then runs apart from every other client's.
   * @throws ProtocolException UNKNOWN_MODEL for an unknown hash or index.
   */
  async fetchChunk(hash: string, index: number): Promise<{ ok: true } & ModelFetchReply> {
    const m = await this.require(hash);
    const { start, end } = this.rangeOf(m, index);
    await this.turns.turn();
    return { ok: true, index, data: asBuffer(m.bytes.subarray(start, end)) };
  }

  /**
   * Where chunk `index` of model `hash` lies in its bytes (`model:fetch`
   * replies with that slice; the bulk channel serves it from its own copy,
   * {@link copyOf}).
   * @throws ProtocolException UNKNOWN_MODEL for an unknown hash or index.
   */
  async chunkRange(hash: string, index: number): Promise<{ start: number; end: number }> {
    return this.rangeOf(await this.require(hash), index);
  }

  private rangeOf(m: StoredModel, index: number): { start: number; end: number } {
    const { hash } = m;
    const size = this.config.modelChunkBytes;
    const chunks = chunkCount(m.bytes.byteLength, size);
    if (index >= chunks) throw new ProtocolException(ErrorCode.UnknownModel, `model ${hash} has ${chunks} chunks, no chunk ${index}`);
    return { start: index * size, end: Math.min(m.bytes.byteLength, (index + 1) * size) };
  }

  /** A copy of model `hash`'s bytes in a buffer of their own (to hand to another thread). @throws ProtocolException UNKNOWN_MODEL */
  async copyOf(hash: string): Promise<Uint8Array> {
    return (await this.require(hash)).bytes.slice();
  }

  /** The whole serialized model, for the REST download. @throws NotFoundException */
  async download(hash: string): Promise<StreamableFile> {
    const m = await this.store.get(hash);
    if (!m) throw new NotFoundException(`no model with hash ${hash}`);
    return new StreamableFile(asBuffer(m.bytes), { type: 'application/octet-stream', length: m.bytes.byteLength, disposition: `attachment; filename="${hash}.flw"` });
  }
}
