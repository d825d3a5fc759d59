/**
 * @module testing/fake-coordinator
 * Pieces the edge-client specs' stand-in coordinators share: a socket.io
 * server on an ephemeral loopback port with the coordinator's transport
 * settings, and a train task around a stored model blob.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import {
  MAX_CHUNK_BYTES,
  MESSAGE_OVERHEAD_BYTES,
  SOCKET_PATH,
  authTranscript,
  enrollmentTokenId,
  type Ack,
  type ClientToServerEvents,
  type RegisterReply,
  type RegisterRequest,
  type RoundTask,
  type ServerToClientEvents,
} from '@fl/protocol';
import { serializeWeights, type ModelWeights } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';

export type FakeSocket = ServerSocket<ClientToServerEvents, ServerToClientEvents>;

export class FakeSocketServer {
  readonly http: HttpServer = createServer();
  readonly io = new Server<ClientToServerEvents, ServerToClientEvents>(this.http, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    maxHttpBufferSize: MAX_CHUNK_BYTES + MESSAGE_OVERHEAD_BYTES,
    perMessageDeflate: false,
  });
  /** Model blobs by hash, served in `chunkBytes` pieces. */
  readonly blobs = new Map<string, Uint8Array>();
  readonly chunkBytes = 64;

  /** The model:fetch reply for chunk `index` of a stored blob, or null when the blob is unknown. */
  chunkOf(hash: string, index: number): { ok: true; index: number; data: Buffer } | null {
    const blob = this.blobs.get(hash);
    if (!blob) return null;
    const data = blob.subarray(index * this.chunkBytes, (index + 1) * this.chunkBytes);
    return { ok: true, index, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  }

  /** Listens on an ephemeral loopback port; resolves with the base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.io.close();
    await new Promise((r) => this.http.close(r));
  }

  /** A train task for `w`, stored under its hash (or `hash`, to serve bytes that do not match it). */
  taskFor(taskId: string, w: ModelWeights, over: Partial<RoundTask> = {}, hash?: string): RoundTask {
    const bytes = serializeWeights(w);
    const h = hash ?? modelHash(bytes);
    this.blobs.set(h, bytes);
    return {
      taskId,
      kind: 'train',
      jobId: 'job-1',
      round: 1,
      attempt: 1,
      dataset: 'synthetic',
      model: { hash: h, bytes: bytes.byteLength, chunkBytes: this.chunkBytes, chunks: Math.ceil(bytes.byteLength / this.chunkBytes), layout: w.layout, topology: null },
      hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
      seed: 42,
      deadline: Date.now() + 30_000,
      ...over,
    };
  }
}

/** The coordinator id every fake coordinator announces. */
export const FAKE_COORDINATOR_ID = 'co_fake';
/** A well-formed enrollment token for the fakes (they accept any). */
export const FAKE_ENROLL_TOKEN = `et_${'0f'.repeat(16)}.${'A'.repeat(43)}`;

/**
 * Answers `client:hello` with a fresh challenge and `client:register` with
 * `reply(req)`, after checking the request's signature over that challenge
 * the way the coordinator does (a bad one is refused `FORGED_IDENTITY`).
 */
export function answerAuth(s: FakeSocket, reply: (req: RegisterRequest) => Ack<RegisterReply>, seen?: RegisterRequest[]): void {
  let issued: { challenge: Uint8Array; issuedAt: number } | null = null;
  s.on('client:hello', (_req, ack) => {
    issued = { challenge: new Uint8Array(randomBytes(32)), issuedAt: Date.now() };
    ack({ ok: true, challenge: Buffer.from(issued.challenge), coordinatorId: FAKE_COORDINATOR_ID, issuedAt: issued.issuedAt });
  });
  s.on('client:register', (req, ack) => {
    seen?.push(req);
    const c = issued;
    issued = null;
    if (!c) return ack({ ok: false, error: { code: 'BAD_CHALLENGE', message: 'no challenge' } });
    const t = authTranscript({ challenge: c.challenge, coordinatorId: FAKE_COORDINATOR_ID, issuedAt: c.issuedAt, socketId: s.id, clientId: req.clientId, signingKey: new Uint8Array(req.signingKey), enrollmentTokenId: req.enrollmentToken ? (enrollmentTokenId(req.enrollmentToken) ?? '') : undefined });
    if (!nacl.sign.detached.verify(t, new Uint8Array(req.signature), new Uint8Array(req.signingKey))) return ack({ ok: false, error: { code: 'FORGED_IDENTITY', message: 'bad signature' } });
    ack(reply(req));
  });
}

/** A successful register reply for `clientId`. */
export function registered(clientId: string, over: Partial<RegisterReply> = {}): Ack<RegisterReply> {
  return { ok: true, clientId, coordinatorId: FAKE_COORDINATOR_ID, numExamples: 10, bulkCredential: `cred-${clientId}`, bulkCredentialTtlMs: 3_600_000, maxChunkBytes: 1024, ...over };
}
