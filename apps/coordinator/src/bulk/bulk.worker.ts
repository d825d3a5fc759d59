/**
 * @module bulk/bulk.worker
 * The bulk channel's HTTP server, in a worker thread: every model download
 * and update upload a client sends over the bulk port is read, copied and
 * written here, on this thread's event loop, so the coordinator's own loop
 * never holds a multi-MB socket write or read (protocol `bulk`).
 *
 * The thread decides nothing itself: before it serves or reads a byte it asks
 * the event loop (`BulkChannel`), which checks the caller's bulk credential and
 * the model or task. Models it has served are kept in a small cache (by
 * content hash, so never stale). An upload is read only after the event loop
 * said it expects exactly `content-length` bytes, into one buffer that is
 * then handed over without a copy, and comes back once its update is folded
 * (reused for the next upload of that size: a round's uploads allocate
 * nothing after the first round). Nothing is allocated before the first body
 * byte arrives, so a PUT that announces 256 MB and sends nothing costs nothing.
 *
 * Limits (bulk-limits, docs/limits-and-tls.md): one upload in flight per task,
 * a few requests in flight per client id, connections per remote address and
 * overall, and timeouts for the headers, for silence (a stalled body is cut
 * off and its task freed for the retry) and for a whole request. With `tls`
 * it serves HTTPS.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { BULK_CLIENT_HEADER, ErrorCode, bulkStatus, type ProtocolError } from '@fl/protocol';
import type { BulkAnswer, BulkCaller, BulkNotice, BulkQuestion, BulkRecycle, BulkWorkerData } from './bulk-messages';
import { lowerThisThread } from '../common/thread-priority';
import { WorkerRequests } from '../common/worker-requests';
import { releaseOnce } from './bulk-limits';
import { Counter } from '../common/counter';
import { limitConnections } from '../common/connection-limit';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

const port = parentPort;
if (!port) throw new Error('bulk.worker must run in a worker thread');
const data = workerData as BulkWorkerData;

const MODEL_PATH = /^\/v1\/models\/([0-9a-fA-F]{1,128})\/chunks\/(\d{1,9})$/;
const UPLOAD_PATH = /^\/v1\/tasks\/([^/]{1,512})\/upload$/;
const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** A refusal answered to the client as `{ ok: false, error }`. */
class Refusal extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
  }
}
const refusal = (code: ErrorCode, message: string, taskId?: string) => new Refusal({ code, message, ...(taskId ? { taskId } : {}) });

// ── questions to the event loop ─────────────────────────────────────────

type Ok = Extract<BulkAnswer, { ok: true }>;
type Question = BulkQuestion extends infer Q ? (Q extends { id: number } ? Omit<Q, 'id'> : never) : never;
const questions = new WorkerRequests<BulkAnswer>(port);

/** Asks the event loop; resolves with its yes, rejects with its refusal. */
function ask(q: Question, transfer: ArrayBuffer[] = []): Promise<Ok> {
  // A `{ ok: false }` answer rejects (below), so what resolves is an Ok.
  return questions.send((id) => ({ ...q, id }), transfer) as Promise<Ok>;
}

port.on('message', (a: BulkAnswer | BulkRecycle) => {
  if ('recycle' in a) return keep(a.recycle);
  questions.settle(a, (r) => (r.ok ? null : new Refusal(r.error)));
});

// ── upload buffers ──────────────────────────────────────────────────────

/** Folded uploads' buffers, by size, for the next uploads; at most {@link KEEP_BYTES} in all. */
const free = new Map<number, ArrayBuffer[]>();
const KEEP_BYTES = 128 * 1024 * 1024;
let freeBytes = 0;

function keep(buf: ArrayBuffer): void {
  if (freeBytes + buf.byteLength > KEEP_BYTES) return;
  const list = free.get(buf.byteLength) ?? [];
  list.push(buf);
  free.set(buf.byteLength, list);
  freeBytes += buf.byteLength;
}

/** A buffer of exactly `length` bytes: a folded upload's, or a new uninitialised one. */
function uploadBuffer(length: number): Buffer {
  const reused = free.get(length)?.pop();
  if (!reused) return Buffer.allocUnsafeSlow(length);
  freeBytes -= length;
  return Buffer.from(reused, 0, length);
}

// ── model cache ─────────────────────────────────────────────────────────

const models = new Map<string, Uint8Array>();
const loading = new Map<string, Promise<Uint8Array>>();

/** The bytes of model `hash`: cached, being fetched (one question for any number of callers), or fetched now. */
function modelBytes(hash: string): Promise<Uint8Array> {
  const hit = models.get(hash);
  if (hit) {
    models.delete(hash);
    models.set(hash, hit);
    return Promise.resolve(hit);
  }
  let p = loading.get(hash);
  if (!p) {
    p = ask({ op: 'model-bytes', hash })
      .then((a) => {
        const bytes = a.bytes!;
        models.set(hash, bytes);
        while (models.size > data.cacheModels) models.delete(models.keys().next().value as string);
        return bytes;
      })
      .finally(() => loading.delete(hash));
    loading.set(hash, p);
  }
  return p;
}

// ── HTTP ────────────────────────────────────────────────────────────────

function callerOf(req: IncomingMessage): BulkCaller {
  const clientId = req.headers[BULK_CLIENT_HEADER];
  const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 256 || !token)
    throw refusal(ErrorCode.NotRegistered, `bulk requests need an ${BULK_CLIENT_HEADER} header and authorization: Bearer <bulk credential from the register reply>`);
  return { clientId, token };
}

function send(res: ServerResponse, status: number, body: object, close = false): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...(close ? { connection: 'close' } : {}) });
  res.end(json);
}

async function serveModel(req: IncomingMessage, res: ServerResponse, hash: string, index: number): Promise<void> {
  if (req.method !== 'GET') throw refusal(ErrorCode.BadPayload, `${req.method} is not allowed on a model chunk; use GET`);
  const a = await ask({ op: 'model', hash, index, ...callerOf(req) });
  const chunk = (await modelBytes(hash)).subarray(a.start, a.end);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': chunk.byteLength });
  res.end(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
}

async function receiveUpload(req: IncomingMessage, res: ServerResponse, rawTaskId: string): Promise<void> {
  if (req.method !== 'PUT') throw refusal(ErrorCode.BadPayload, `${req.method} is not allowed on an upload; use PUT`);
  const caller = callerOf(req);
  let taskId: string;
  try {
    taskId = decodeURIComponent(rawTaskId);
  } catch {
    throw refusal(ErrorCode.BadPayload, 'the task id in the path is not valid percent-encoding');
  }
  const declared = req.headers['content-length'];
  if (declared === undefined || !/^\d{1,12}$/.test(declared)) throw refusal(ErrorCode.BadPayload, 'an upload needs a content-length header', taskId);
  const length = Number(declared);
  if (length > data.maxUploadBytes) throw refusal(ErrorCode.Oversized, `an upload of ${length} bytes is larger than the ${data.maxUploadBytes} the coordinator accepts`, taskId);
  if (!uploads.take(taskId)) throw refusal(ErrorCode.UploadInProgress, `another upload for task ${taskId} is in flight; retry when it has finished or timed out`, taskId);
  const release = releaseOnce(req, () => uploads.release(taskId));
  try {
    await ask({ op: 'upload-begin', taskId, length, ...caller });
    const bytes = await readBody(req, length, taskId);
    const a = await ask({ op: 'upload', taskId, bytes, ...caller }, [bytes.buffer as ArrayBuffer]);
    send(res, 200, { ok: true, received: a.received });
  } finally {
    release();
  }
}

/** Exactly `length` bytes of `req`'s body in one unshared buffer. @throws Refusal when the body ends early */
function readBody(req: IncomingMessage, length: number, taskId: string): Promise<Uint8Array> {
  let buf: Buffer | null = null; // allocated on the first body byte, not on a promise of bytes
  let at = 0;
  return new Promise((resolve, reject) => {
    req.on('data', (c: Buffer) => {
      // http's parser stops the body at content-length: more cannot arrive.
      buf ??= uploadBuffer(length);
      c.copy(buf, at);
      at += c.length;
    });
    req.on('end', () => (at === length ? resolve(new Uint8Array((buf ?? uploadBuffer(length)).buffer, 0, length)) : reject(refusal(ErrorCode.BadPayload, `upload ended after ${at} of ${length} bytes`, taskId))));
    req.on('close', () => !req.complete && reject(refusal(ErrorCode.BadPayload, `upload aborted after ${at} of ${length} bytes`, taskId)));
    req.on('error', () => reject(refusal(ErrorCode.BadPayload, `upload aborted after ${at} of ${length} bytes`, taskId)));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const model = MODEL_PATH.exec(path);
  const upload = model ? null : UPLOAD_PATH.exec(path);
  try {
    admit(req, res);
    if (model) return await serveModel(req, res, model[1].toLowerCase(), Number(model[2]));
    if (upload) return await receiveUpload(req, res, upload[1]);
    throw refusal(ErrorCode.BadPayload, `no bulk endpoint ${req.method} ${path.slice(0, 200)}`);
  } catch (e) {
    const error: ProtocolError = e instanceof Refusal ? e.error : { code: ErrorCode.Internal, message: `bulk channel: ${e instanceof Error ? e.message : String(e)}` };
    if (!(e instanceof Refusal)) console.error(`bulk channel: ${req.method} ${path.slice(0, 200)} failed:`, e);
    const status = model || upload || error.code === ErrorCode.TooManyRequests ? bulkStatus(error.code) : 404;
    // An unread upload body is not drained: the connection closes after the answer.
    send(res, status, { ok: false, error }, !req.complete);
  }
}

// ── limits ──────────────────────────────────────────────────────────────

const uploads = new Counter(1);
const requests = new Counter(data.maxRequestsPerClient);

/** Counts the request against its claimed client id until it closes. @throws Refusal TOO_MANY_REQUESTS */
function admit(req: IncomingMessage, res: ServerResponse): void {
  const id = req.headers[BULK_CLIENT_HEADER];
  if (typeof id !== 'string') return; // refused as NOT_REGISTERED by the route
  const key = id.slice(0, 256);
  if (!requests.take(key)) throw refusal(ErrorCode.TooManyRequests, `client ${key} already has ${data.maxRequestsPerClient} bulk requests in flight`);
  releaseOnce(res, () => requests.release(key));
}

const options: ServerOptions = {
  // Idle kept-alive connections close after the idle timeout (at most 65 s).
  keepAliveTimeout: Math.min(65_000, data.idleTimeoutMs),
  headersTimeout: data.headersTimeoutMs,
  // A whole upload may take a while on a slow link (256 MB at 1 MB/s): 30 min by default, not http's 5.
  requestTimeout: Math.max(data.requestTimeoutMs, data.headersTimeoutMs),
  // How often headersTimeout and requestTimeout are checked (node's default is 30 s).
  connectionsCheckingInterval: Math.max(250, Math.min(1000, data.headersTimeoutMs / 2)),
};
const handler = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
const server: Server = data.tls ? createTlsServer({ ...options, ...data.tls, handshakeTimeout: data.headersTimeoutMs }, handler) : createServer(options, handler);
// A connection silent this long (no header, body or read progress) is destroyed: a stalled upload frees its task.
server.timeout = data.idleTimeoutMs;
limitConnections(server, { total: data.maxConnections, perAddress: data.maxConnectionsPerAddress });
server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
  // Headers too slow (or the whole request): say so before closing; anything else malformed is just closed.
  if (e.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  else socket.destroy();
});
server.on('tlsClientError', (_e, socket) => socket.destroy());
server.on('error', (e) => port.postMessage({ notice: 'failed', message: e.message } satisfies BulkNotice));
server.listen(data.port, data.host, () => port.postMessage({ notice: 'listening', port: (server.address() as AddressInfo).port } satisfies BulkNotice));
