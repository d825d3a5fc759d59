/**
 * @module bulk-channel
 * The client end of the coordinator's bulk channel (protocol `bulk`): model
 * chunks by `GET` and whole uploads by `PUT`, over node:http with one
 * kept-alive connection, authenticated with the bulk credential of the
 * current socket connection (`RegisterReply.bulkCredential`). A refusal
 * comes back as a {@link ClientError} with the coordinator's code, as over
 * the socket. When the port cannot be reached at all (refused, reset, no
 * route) the channel marks itself unusable and says so with
 * {@link BulkUnreachable}; the connection then moves bytes over the socket
 * until the next registration brings a fresh channel.
 */
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BULK_CLIENT_HEADER, ErrorCode, bulkModelPath, bulkUploadPath, type ProtocolError } from '@fl/protocol';
import { ClientError } from './errors';
import { isTlsTrustError, tlsTrustMessage } from './tls-trust';

/** The bulk port could not be reached: use the socket instead. */
export class BulkUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkUnreachable';
  }
}

/** How long connecting to the bulk port may take before the socket is used instead. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Largest error body read. */
const MAX_ERROR_BODY = 64 * 1024;

export class BulkChannel {
  private readonly agent: Agent;
  private readonly secure: boolean;
  private broken: string | null = null;

  /** `base`: the coordinator's URL with the bulk port (e.g. `http://host:8081`). */
  constructor(
    readonly base: URL,
    private readonly clientId: string,
    private readonly credential: string,
    /** Extra trusted CA certificates (PEM) for an https:// coordinator; the certificate is always verified. */
    ca?: string,
  ) {
    this.secure = base.protocol === 'https:';
    this.agent = this.secure ? new HttpsAgent({ keepAlive: true, maxSockets: 2, ...(ca ? { ca } : {}) }) : new Agent({ keepAlive: true, maxSockets: 2 });
  }

  /** Null while usable; otherwise why it is not. */
  get unusable(): string | null {
    return this.broken;
  }

  /** Chunk `index` of model `hash`. @throws ClientError (refusal, TIMEOUT) | BulkUnreachable */
  async fetchChunk(hash: string, index: number, timeoutMs: number): Promise<Uint8Array> {
    return this.call('GET', bulkModelPath(hash, index), null, timeoutMs, `model chunk ${index}`);
  }

  /** The whole upload of `taskId`. @throws ClientError (refusal, TIMEOUT) | BulkUnreachable */
  async upload(taskId: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
    await this.call('PUT', bulkUploadPath(taskId), bytes, timeoutMs, `upload for task ${taskId}`);
  }

  close(reason = 'closed'): void {
    this.broken ??= reason;
    this.agent.destroy();
  }

  private call(method: 'GET' | 'PUT', path: string, body: Uint8Array | null, timeoutMs: number, what: string): Promise<Uint8Array> {
    if (this.broken) return Promise.reject(new BulkUnreachable(`bulk channel ${this.base.host} unusable: ${this.broken}`));
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { [BULK_CLIENT_HEADER]: this.clientId, authorization: `Bearer ${this.credential}` };
      if (body) Object.assign(headers, { 'content-type': 'application/octet-stream', 'content-length': body.byteLength });
      const send = this.secure ? httpsRequest : httpRequest;
      const req = send(new URL(path, this.base), { method, headers, agent: this.agent });
      let connected = false;
      let settled = false;
      const settle = (e: Error | null, bytes?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (e) reject(e);
        else resolve(bytes!);
      };
      const unreachable = (why: string) => {
        this.broken = why;
        settle(new BulkUnreachable(`bulk channel ${this.base.host}: ${why}`));
      };
      const expire = () => {
        req.destroy();
        if (connected) settle(new ClientError('TIMEOUT', `bulk ${what} not answered within ${timeoutMs} ms`));
        else unreachable(`no connection within ${CONNECT_TIMEOUT_MS} ms`);
      };
      // Until connected the shorter connect timeout applies, then the request's own.
      let deadline = setTimeout(expire, Math.max(1, Math.min(timeoutMs, CONNECT_TIMEOUT_MS)));
      const ready = () => {
        connected = true;
        clearTimeout(deadline);
        deadline = setTimeout(expire, Math.max(1, timeoutMs));
      };
      req.on('socket', (s) => {
        if ((s as { connecting?: boolean }).connecting) s.once(this.secure ? 'secureConnect' : 'connect', ready);
        else ready();
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (isTlsTrustError(e)) return settle(new ClientError('TLS_UNTRUSTED', `bulk channel ${this.base.host}: ${tlsTrustMessage(e)}`));
        if (!connected) unreachable(e.code ?? e.message);
        else settle(new BulkUnreachable(`bulk ${what} failed: ${e.code ?? e.message}`));
      });
      req.on('response', (res) => {
        readAll(res, res.statusCode === 200 ? Number.MAX_SAFE_INTEGER : MAX_ERROR_BODY).then(
          (bytes) => {
            if (res.statusCode === 200) return settle(null, bytes);
            const error = parseError(bytes, res.statusCode ?? 0);
            settle(new ClientError(error.code, `bulk ${what} refused: ${error.code} ${error.message}`));
          },
          (e: Error) => settle(new BulkUnreachable(`bulk ${what}: response broken off (${e.message})`)),
        );
      });
      req.end(body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined);
    });
  }
}

/** The body of `res`, in one buffer of its own when it announced its length; at most `limit` bytes are kept. */
function readAll(res: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    const exact = Number.isSafeInteger(declared) && declared >= 0 && declared <= limit ? Buffer.allocUnsafeSlow(declared) : null;
    const parts: Buffer[] = [];
    let at = 0;
    res.on('data', (c: Buffer) => {
      if (exact) {
        if (at + c.length <= exact.length) c.copy(exact, at);
      } else if (at + c.length <= limit) parts.push(c);
      at += c.length;
    });
    res.on('end', () => {
      if (!res.complete) return reject(new Error('connection closed'));
      if (!exact) return resolve(Buffer.concat(parts));
      if (at !== exact.length) return reject(new Error(`${at} bytes where content-length said ${exact.length}`));
      resolve(new Uint8Array(exact.buffer, exact.byteOffset, exact.byteLength));
    });
    res.on('error', reject);
    res.on('close', () => !res.complete && reject(new Error('connection closed')));
  });
}

function parseError(bytes: Uint8Array, status: number): ProtocolError {
  try {
    const j = JSON.parse(Buffer.from(bytes).toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    if (j.error && typeof j.error.code === 'string' && typeof j.error.message === 'string') return { code: j.error.code as ProtocolError['code'], message: j.error.message.slice(0, 1000) };
  } catch {
    /* not JSON */
  }
  return { code: ErrorCode.BadPayload, message: `HTTP ${status}` };
}
