/**
 * @module connection
 * The client's socket to the coordinator: socket.io-client typed with the
 * protocol maps, path `SOCKET_PATH`, websocket transport only. The
 * socket.io `Manager` owns reconnection and its backoff; this module adds the
 * two things it does not do:
 * - it authenticates after every (re)connect (docs/enrollment.md): asks for
 *   a fresh challenge (`client:hello`) and signs it with the identity's
 *   Ed25519 key; the first time with the enrollment token (`--enroll-token`),
 *   afterwards with the `clientId` it was given, which it keeps with the
 *   identity ({@link ConnectionOptions.onEnrolled}). It re-authenticates on
 *   the same socket before the bulk credential runs out;
 * - it reconnects after a server-side disconnect (`io server disconnect`),
 *   which socket.io deliberately leaves to the application, with the same
 *   backoff settings.
 * Requests fail fast with `DISCONNECTED` instead of being buffered by
 * socket.io and replayed before the next registration.
 *
 * Refusals: `RATE_LIMITED`, `BAD_CHALLENGE` and `CLIENT_SUSPENDED` are
 * retried after a back-off; anything else (revoked, unknown id without a
 * token, a bad or used token, forged identity, protocol version) is fatal
 * ({@link ConnectionOptions.onFatal}).
 *
 * When the registration reply names a bulk port (protocol `bulk`), model
 * chunks and whole uploads of at least `BULK_MIN_BYTES` go over that HTTP
 * channel ({@link BulkChannel});
 * if it cannot be reached, they go over the socket until the next
 * registration.
 */
import { io, type Socket } from 'socket.io-client';
import nacl from 'tweetnacl';
import {
  BULK_MIN_BYTES,
  authTranscript,
  enrollmentTokenId,
  ErrorCode,
  MAX_CHUNK_BYTES,
  PROTOCOL_VERSION,
  SOCKET_PATH,
  type Ack,
  type ClientToServerEvents,
  type HelloReply,
  type RegisterReply,
  type RegisterRequest,
  type ServerToClientEvents,
} from '@fl/protocol';
import { BulkChannel, BulkUnreachable } from './bulk-channel';
import { ClientError } from './errors';
import { isTlsTrustError, tlsTrustMessage } from './tls-trust';
import { ZeroMaskWebSocket } from './zero-mask-transport';
import type { Log } from './log';
import { CLIENT_VERSION } from './version';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type RequestEvent = Exclude<keyof ClientToServerEvents, 'client:register'>;
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
type Success<E extends keyof ClientToServerEvents> = Extract<Reply<E>, { ok: true }>;

export type Registration = Omit<RegisterRequest, 'protocolVersion' | 'clientVersion' | 'clientId' | 'enrollmentToken' | 'signingKey' | 'signature'>;

/** The key pair the client authenticates with, and the enrollment it got (null until enrolled). */
export interface ClientIdentity {
  readonly publicKey: Uint8Array;
  /** tweetnacl layout: seed ‖ public key. */
  readonly secretKey: Uint8Array;
  enrollment: { clientId: string; coordinatorId: string } | null;
}

export interface ConnectionOptions {
  url: string;
  registration: Registration;
  identity: ClientIdentity;
  /** Enrollment token, used only while the identity has no enrollment (or one at another coordinator). */
  enrollToken?: string;
  /** Called after an enrollment (the identity's `enrollment` is set): persist it. */
  onEnrolled?: (identity: ClientIdentity) => void;
  log: Log;
  /** Backoff of the socket.io Manager (ms); defaults are socket.io's. */
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** PEM of a private CA to trust (besides the system's) for an https:// coordinator, socket and bulk channel alike. */
  ca?: string;
  /** Called when registration is refused for good (protocol version, bad payload), or the coordinator's TLS certificate is not trusted. */
  onFatal?: (err: ClientError) => void;
}

/** Refusals retried after a back-off (everything else is fatal). */
const TRANSIENT: readonly ErrorCode[] = [ErrorCode.RateLimited, ErrorCode.BadChallenge, ErrorCode.ClientSuspended];
/** Re-authenticate this long before the bulk credential runs out (fraction of its lifetime). */
const REFRESH_AT = 0.8;

export class Connection {
  readonly socket: ClientSocket;
  clientId: string | null = null;
  /** The example count the coordinator counts for this client (its declaration, held to the enrollment cap), once registered. */
  countedExamples: number | null = null;
  maxChunkBytes = MAX_CHUNK_BYTES;
  /** The coordinator accepts an update of ≤ maxChunkBytes inside `update:commit` (RegisterReply.commitWithData). */
  commitWithData = false;
  /** The coordinator's bulk channel, from the last registration. */
  private bulk: BulkChannel | null = null;
  private registered = false;
  private closed = false;
  private serverKicks = 0;
  private kickTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  /** Bulk requests in flight (a credential refresh waits for them). */
  private bulkInFlight = 0;
  private waiters = new Set<() => void>();
  private registeredListeners: Array<(first: boolean) => void> = [];
  private lostListeners: Array<(reason: string) => void> = [];
  private everRegistered = false;

  constructor(private readonly opts: ConnectionOptions) {
    this.socket = io(opts.url, {
      path: SOCKET_PATH,
      transports: [ZeroMaskWebSocket], // websocket only, unmasked frames (see zero-mask-transport)
      reconnection: true,
      reconnectionDelay: opts.reconnectionDelay ?? 1000,
      reconnectionDelayMax: opts.reconnectionDelayMax ?? 5000,
      autoConnect: false,
      // TLS: always verified (rejectUnauthorized is never turned off); `ca` adds a private CA.
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    this.socket.on('connect', () => void this.register());
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (err) => {
      const cause = tlsCause(err);
      if (!cause) return this.opts.log.warn('connect_error', `cannot reach ${opts.url}: ${err.message}`);
      // Retrying cannot make a certificate trusted: stop, saying why.
      const e = new ClientError('TLS_UNTRUSTED', `${opts.url}: ${tlsTrustMessage(cause)}`);
      this.opts.log.warn('tls_untrusted', e.message, { code: (cause as { code?: string }).code });
      this.close();
      this.opts.onFatal?.(e);
    });
    this.socket.io.on('reconnect_attempt', (n) => this.opts.log.info('reconnecting', `reconnecting (attempt ${n})`, { attempt: n }));
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  start(): void {
    this.closed = false;
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.bulk?.close();
    if (this.kickTimer) clearTimeout(this.kickTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.socket.disconnect();
  }

  /** `first` is true the first time this client gets an identity. */
  onRegistered(fn: (first: boolean) => void): void {
    this.registeredListeners.push(fn);
  }

  onLost(fn: (reason: string) => void): void {
    this.lostListeners.push(fn);
  }

  /** Resolves once registered; rejects with `TIMEOUT` after `ms`. */
  whenRegistered(ms: number): Promise<void> {
    if (this.registered) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new ClientError('TIMEOUT', `not registered within ${ms} ms`));
      }, Math.max(0, ms));
      this.waiters.add(done);
    });
  }

  /**
   * Emits one request and resolves with its successful ack. Rejects with the
   * coordinator's error code, `TIMEOUT`, or `DISCONNECTED` as soon as the
   * socket drops (the ack of a dropped socket never comes).
   */
  async request<E extends RequestEvent>(event: E, payload: Payload<E>, timeoutMs: number): Promise<Success<E>> {
    if (!this.registered) throw new ClientError('DISCONNECTED', `not connected (${event})`);
    const reply = await new Promise<Reply<E>>((resolve, reject) => {
      const onDrop = () => finish(new ClientError('DISCONNECTED', `connection lost during ${event}`));
      const timer = setTimeout(() => finish(new ClientError('TIMEOUT', `${event} not acknowledged within ${timeoutMs} ms`)), Math.max(1, timeoutMs));
      const finish = (err: Error | null, r?: Reply<E>) => {
        clearTimeout(timer);
        this.socket.off('disconnect', onDrop);
        if (err) reject(err);
        else resolve(r as Reply<E>);
      };
      this.socket.once('disconnect', onDrop);
      const emit = this.socket.emit as unknown as (ev: string, p: unknown, ack: (r: Reply<E>) => void) => void;
      emit.call(this.socket, event, payload, (r) => finish(null, r));
    });
    return unwrap(event, reply as Ack) as Success<E>;
  }

  /** Whether uploads and model chunks currently go over the bulk channel. */
  get bulkUsable(): boolean {
    return this.registered && this.bulk !== null && this.bulk.unusable === null;
  }

  /** Whether a transfer of `bytes` goes over the bulk channel: it is usable and the transfer is at least BULK_MIN_BYTES. */
  viaBulk(bytes: number): boolean {
    return this.bulkUsable && bytes >= BULK_MIN_BYTES;
  }

  /** Chunk `index` (`bytes` long) of model `hash`: over the bulk channel when {@link viaBulk}, else `model:fetch`. */
  async fetchModelChunk(hash: string, index: number, bytes: number, timeoutMs: number): Promise<Uint8Array> {
    const bulk = this.viaBulk(bytes) ? this.bulk : null;
    if (bulk) {
      this.bulkInFlight++;
      try {
        return await bulk.fetchChunk(hash, index, timeoutMs);
      } catch (e) {
        if (!(e instanceof BulkUnreachable)) throw e;
        this.bulkLost(e);
      } finally {
        this.bulkInFlight--;
      }
    }
    return (await this.request('model:fetch', { hash, index }, timeoutMs)).data;
  }

  /**
   * Sends `bytes` as the whole upload of `taskId` over the bulk channel.
   * Resolves false, having sent nothing that counts, when it does not go
   * there ({@link viaBulk}: no usable channel, or a small upload): the caller
   * then uses the socket.
   */
  async uploadBulk(taskId: string, bytes: Uint8Array, timeoutMs: number): Promise<boolean> {
    const bulk = this.viaBulk(bytes.byteLength) ? this.bulk : null;
    if (!bulk) return false;
    this.bulkInFlight++;
    try {
      await bulk.upload(taskId, bytes, timeoutMs);
      return true;
    } catch (e) {
      if (!(e instanceof BulkUnreachable)) throw e;
      this.bulkLost(e);
      return false;
    } finally {
      this.bulkInFlight--;
    }
  }

  private bulkLost(e: BulkUnreachable): void {
    this.opts.log.warn('bulk_unreachable', `${e.message}; models and updates go over the socket until the next registration`);
  }

  /** Asks for a challenge and authenticates by signing it; enrolls with the token when there is no usable enrollment. */
  private async register(): Promise<void> {
    const socketId = this.socket.id;
    let hello: Ack<HelloReply>;
    try {
      hello = await this.socket.timeout(15_000).emitWithAck('client:hello', {});
    } catch {
      return this.retry('register', 'challenge not received');
    }
    if (!hello.ok) return this.refused(hello.error.code, hello.error.message);
    const enrolled = this.opts.identity.enrollment;
    const req: RegisterRequest = { protocolVersion: PROTOCOL_VERSION, ...(CLIENT_VERSION ? { clientVersion: CLIENT_VERSION } : {}), ...this.opts.registration, signingKey: Buffer.from(this.opts.identity.publicKey), signature: Buffer.alloc(0) };
    if (enrolled && enrolled.coordinatorId === hello.coordinatorId) req.clientId = enrolled.clientId;
    else if (this.opts.enrollToken) {
      if (enrolled) this.opts.log.warn('enrolling', `this identity is enrolled at coordinator ${enrolled.coordinatorId}, not ${hello.coordinatorId}; enrolling here with the token`);
      req.enrollmentToken = this.opts.enrollToken;
    } else {
      const why = enrolled ? `this identity is enrolled at coordinator ${enrolled.coordinatorId}, not at ${hello.coordinatorId}` : 'this identity is not enrolled';
      return this.fatal(new ClientError('ENROLLMENT', `${why}: start the client with --enroll-token (an admin creates one with POST /api/enrollment-tokens)`));
    }
    const transcript = authTranscript({
      challenge: new Uint8Array(hello.challenge),
      coordinatorId: hello.coordinatorId,
      issuedAt: hello.issuedAt,
      socketId: socketId ?? '',
      clientId: req.clientId,
      signingKey: this.opts.identity.publicKey,
      enrollmentTokenId: req.enrollmentToken !== undefined ? (enrollmentTokenId(req.enrollmentToken) ?? '') : undefined,
    });
    req.signature = Buffer.from(nacl.sign.detached(transcript, this.opts.identity.secretKey));
    let reply: Ack<RegisterReply>;
    try {
      reply = await this.socket.timeout(15_000).emitWithAck('client:register', req);
    } catch {
      return this.retry('register', 'registration not acknowledged');
    }
    if (!reply.ok) {
      if (req.clientId && reply.error.code === ErrorCode.NotRegistered && this.opts.enrollToken) {
        this.opts.log.warn('identity_lost', `coordinator no longer knows ${req.clientId}; enrolling anew with the token`);
        this.opts.identity.enrollment = null;
        return this.register();
      }
      return this.refused(reply.error.code, reply.error.message);
    }
    if (req.enrollmentToken) {
      this.opts.identity.enrollment = { clientId: reply.clientId, coordinatorId: reply.coordinatorId };
      this.opts.log.info('enrolled', `enrolled as ${reply.clientId} at coordinator ${reply.coordinatorId}`, { clientId: reply.clientId, coordinatorId: reply.coordinatorId });
      this.opts.onEnrolled?.(this.opts.identity);
    }
    if (reply.numExamples < this.opts.registration.dataset.numExamples)
      this.opts.log.warn('examples_capped', `the coordinator counts ${reply.numExamples} of the ${this.opts.registration.dataset.numExamples} examples declared (the enrollment cap)`, { numExamples: reply.numExamples });
    this.countedExamples = reply.numExamples;
    const first = !this.everRegistered || this.clientId !== reply.clientId;
    this.clientId = reply.clientId;
    this.maxChunkBytes = Math.min(MAX_CHUNK_BYTES, reply.maxChunkBytes > 0 ? reply.maxChunkBytes : MAX_CHUNK_BYTES);
    this.commitWithData = reply.commitWithData === true;
    this.bulk?.close('replaced by a new registration');
    this.bulk = typeof reply.bulkPort === 'number' && reply.bulkPort > 0 && reply.bulkPort < 65536 ? new BulkChannel(bulkBase(this.opts.url, reply.bulkPort), reply.clientId, reply.bulkCredential, this.opts.ca) : null;
    this.scheduleRefresh(reply.bulkCredentialTtlMs);
    const was = this.registered;
    this.registered = true;
    this.everRegistered = true;
    this.serverKicks = 0;
    if (was) return; // a refresh on the same socket
    for (const w of [...this.waiters]) w();
    for (const fn of this.registeredListeners) fn(first);
  }

  /**
   * Re-authenticates on the same socket before the bulk credential expires
   * (at 80 % of its lifetime), waiting for bulk transfers in flight to end
   * first (re-authentication invalidates the credential they use), but not
   * past 95 %.
   */
  private scheduleRefresh(ttlMs: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (!(ttlMs > 0)) return;
    const latest = Date.now() + ttlMs * 0.95;
    const attempt = (delay: number) => {
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        if (!this.registered || !this.socket.connected) return;
        if (this.bulkInFlight > 0 && Date.now() + 1000 < latest) return attempt(1000);
        void this.register();
      }, delay);
      this.refreshTimer.unref();
    };
    attempt(ttlMs * REFRESH_AT);
  }

  private refused(code: ErrorCode, message: string): void {
    if (TRANSIENT.includes(code)) {
      this.opts.log.warn('register_refused', `authentication refused: ${code} ${message}; retrying`, { code });
      this.socket.disconnect();
      if (!this.closed) this.reconnectAfterKick(true);
      return;
    }
    this.fatal(new ClientError(code, `registration refused: ${code} ${message}`));
  }

  /** Gives up for good: closes the connection (no reconnect) and tells the owner. */
  private fatal(err: ClientError): void {
    this.opts.log.warn('register_refused', err.message, { code: err.code });
    this.close();
    this.opts.onFatal?.(err);
  }

  private retry(event: string, why: string): void {
    this.opts.log.warn(event, `${why}; reconnecting`);
    this.socket.disconnect().connect();
  }

  private onDisconnect(reason: string): void {
    const was = this.registered;
    this.registered = false;
    // Drop anything socket.io buffered while offline: it would be replayed before we register.
    this.socket.sendBuffer.length = 0;
    if (was) for (const fn of this.lostListeners) fn(reason);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    if (this.closed) return;
    this.opts.log.warn('disconnected', `disconnected: ${reason}`, { reason });
    if (reason === 'io server disconnect') this.reconnectAfterKick();
  }

  /** socket.io does not reconnect after a server-side disconnect; do it with the Manager's backoff. */
  private reconnectAfterKick(slow = false): void {
    const base = this.opts.reconnectionDelay ?? 1000;
    const max = this.opts.reconnectionDelayMax ?? 5000;
    const delay = (slow ? max : Math.min(max, base * 2 ** this.serverKicks)) * (0.5 + Math.random());
    this.serverKicks++;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }
}

/** The coordinator's URL with the bulk port: same host, http(s) for ws(s). */
export function bulkBase(url: string, port: number): URL {
  const u = new URL(url);
  u.protocol = u.protocol === 'https:' || u.protocol === 'wss:' ? 'https:' : 'http:';
  u.port = String(port);
  u.pathname = '/';
  u.search = u.hash = '';
  u.username = u.password = '';
  return u;
}

/** The certificate error behind a socket.io `connect_error`, if that is what it is (engine.io nests the transport's error). */
function tlsCause(err: unknown): unknown {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    if (isTlsTrustError(e)) return e;
    const o = e as { description?: unknown; error?: unknown; cause?: unknown };
    e = o.description ?? o.error ?? o.cause;
  }
  return null;
}

function unwrap(event: string, reply: Ack): object {
  if (reply && reply.ok === true) return reply;
  const error = reply && reply.ok === false ? reply.error : { code: ErrorCode.BadPayload, message: 'malformed ack' };
  throw new ClientError(error.code, `${event} refused: ${error.code} ${error.message}`);
}
