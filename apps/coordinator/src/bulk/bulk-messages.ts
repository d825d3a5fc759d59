/**
 * @module bulk/bulk-messages
 * What the bulk worker (`bulk.worker`) and the event loop (`BulkChannel`)
 * say to each other. The worker owns the HTTP connections and the bytes on
 * them; the event loop decides: identity, whether a model or task exists,
 * how many bytes a round expects. Every question carries an `id` and gets
 * exactly one {@link BulkAnswer}.
 */
import type { ProtocolError } from '@fl/protocol';

/** The client a request claims to be, as sent in its headers. */
export interface BulkCaller {
  clientId: string;
  token: string;
}

export type BulkQuestion =
  /** May `caller` read chunk `index` of model `hash`? Answer: the byte range. */
  | ({ id: number; op: 'model'; hash: string; index: number } & BulkCaller)
  /** The whole blob `hash`, for the worker's cache (asked after a `model` answer said yes). */
  | { id: number; op: 'model-bytes'; hash: string }
  /** May `caller` upload `length` bytes for `taskId`? Asked before the body is read. */
  | ({ id: number; op: 'upload-begin'; taskId: string; length: number } & BulkCaller)
  /** The complete upload (transferred). */
  | ({ id: number; op: 'upload'; taskId: string; bytes: Uint8Array } & BulkCaller);

export type BulkAnswer =
  | { id: number; ok: true; start?: number; end?: number; bytes?: Uint8Array; received?: number }
  | { id: number; ok: false; error: ProtocolError };

/** Event loop → worker, unprompted: an upload buffer it sent, folded and free for the next upload. */
export interface BulkRecycle {
  recycle: ArrayBuffer;
}

/** Worker → event loop, unprompted: the server is listening, or could not start. */
export type BulkNotice = { notice: 'listening'; port: number } | { notice: 'failed'; message: string };

/** `workerData` of the bulk worker. */
export interface BulkWorkerData {
  host: string;
  port: number;
  /** Largest upload the worker reads (MAX_MODEL_BYTES). */
  maxUploadBytes: number;
  /** Models the worker keeps in memory. */
  cacheModels: number;
  /** Time a client has to send its request headers (node:http `headersTimeout`). */
  headersTimeoutMs: number;
  /** Time a connection may stay silent, mid-request or between requests, before it is closed. */
  idleTimeoutMs: number;
  /** Time one whole request may take (node:http `requestTimeout`). */
  requestTimeoutMs: number;
  /** Open connections, in all (`server.maxConnections`)… */
  maxConnections: number;
  /** …and from one remote address. */
  maxConnectionsPerAddress: number;
  /** Requests one client id may have in flight. */
  maxRequestsPerClient: number;
  /** PEM certificate chain and key: serve HTTPS. */
  tls?: { cert: string; key: string };
}
