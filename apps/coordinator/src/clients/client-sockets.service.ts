/**
 * @module clients/client-sockets.service
 * The typed socket layer between the coordinator's logic and live edge-client
 * connections. Everything the server sends to a client goes through here and
 * is type-checked against `ServerToClientEvents`; nothing else holds sockets.
 * Task offers, cancels and secure-aggregation requests, which a round sends
 * to its whole cohort at once, go out one client per event-loop iteration
 * ({@link LoopTurns}, in order).
 *
 * It also guards the door (docs/enrollment.md): `client:hello` hands out a
 * challenge bound to the socket, rate-limited per source address
 * (`--auth-per-minute`, `RATE_LIMITED`); `client:register` takes it and
 * authenticates through {@link ClientsService}; a socket still
 * unauthenticated `--auth-timeout-ms` after connecting is told
 * `AUTH_TIMEOUT` and closed; a client an admin suspends or revokes is told
 * why and its socket closed at once ({@link kick}), which the round engine
 * sees as any other disconnect (an open task counts as dropped).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import {
  ErrorCode,
  Events,
  MAX_CHUNK_BYTES,
  POLICY_REFUSAL_CODES,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HelloReply,
  type RegisterReply,
  type RegisterRequest,
  type RoundTask,
  type SecAggRequest,
  type ServerToClientEvents,
  type TaskAcceptReply,
  type TaskCancel,
} from '@fl/protocol';
import { LoopTurns } from '../common/loop-turns';
import { ProtocolException } from '../common/errors/protocol.exception';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { BULK_CREDENTIAL_TTL_MS, ClientsService } from './clients.service';
import { BulkEndpoint } from './bulk-endpoint';
import { Challenges } from './challenges';
import { AddressWindowCounter } from '../common/address-window-counter';
import { SocketTraffic } from '../metrics/socket-traffic';

export type ClientSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

@Injectable()
export class ClientSocketsService {
  private readonly logger = new Logger(ClientSocketsService.name);
  private readonly sockets = new Map<string, ClientSocket>();
  /** Offers and cancels: one socket write per event-loop iteration, first come first served. */
  private readonly turns = new LoopTurns();
  private readonly challenges = new Challenges();
  /** `client:hello` attempts per source address and minute (the coordinator's one per-address limiter). */
  private readonly limiter: AddressWindowCounter;
  /** Sockets not yet authenticated, with the timer that closes them. */
  private readonly authTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly clients: ClientsService,
    private readonly bulk: BulkEndpoint,
    @Inject(COORDINATOR_CONFIG) private readonly config: Pick<CoordinatorConfig, 'authPerMinute' | 'authTimeoutMs'>,
    private readonly traffic: SocketTraffic,
  ) {
    this.limiter = new AddressWindowCounter(config.authPerMinute, 60_000);
  }

  connected(socket: ClientSocket): void {
    this.sockets.set(socket.id, socket);
    this.traffic.track(socket.request.socket);
    const timer = setTimeout(() => {
      this.authTimers.delete(socket.id);
      if (this.clients.isAuthenticated(socket.id)) return;
      this.logger.warn(`closing socket ${socket.id} from ${socket.handshake.address}: not authenticated within ${this.config.authTimeoutMs} ms`);
      socket.emit(Events.ClientError, { code: ErrorCode.AuthTimeout, message: `not authenticated within ${this.config.authTimeoutMs} ms` });
      socket.disconnect(true);
    }, this.config.authTimeoutMs);
    timer.unref();
    this.authTimers.set(socket.id, timer);
  }

  disconnected(socket: ClientSocket): void {
    this.sockets.delete(socket.id);
    this.challenges.drop(socket.id);
    clearTimeout(this.authTimers.get(socket.id));
    this.authTimers.delete(socket.id);
    const c = this.clients.disconnected(socket.id);
    if (c) this.logger.log(`client ${c.id} (${c.name}) disconnected`);
  }

  /** A fresh challenge for this socket (replacing any earlier one). @throws ProtocolException RATE_LIMITED */
  hello(socket: ClientSocket): { ok: true } & HelloReply {
    if (!this.limiter.take(socket.handshake.address)) throw new ProtocolException(ErrorCode.RateLimited, `too many authentication attempts from ${socket.handshake.address}; retry in a minute`);
    const c = this.challenges.issue(socket.id);
    return { ok: true, challenge: Buffer.from(c.challenge), coordinatorId: this.clients.coordinatorId, issuedAt: c.issuedAt };
  }

  /** Authenticates (or enrols) the client on `socket` over its challenge; acked once stored. A previous live socket of the same identity is closed. */
  async register(socket: ClientSocket, req: RegisterRequest): Promise<{ ok: true } & RegisterReply> {
    if (req.protocolVersion !== PROTOCOL_VERSION)
      throw new ProtocolException(ErrorCode.ProtocolVersion, `protocol version ${req.protocolVersion} is not supported; this coordinator speaks ${PROTOCOL_VERSION}`);
    const issued = this.challenges.take(socket.id);
    const { record, replaced, bulkCredential } = await this.clients.register(socket.id, req, issued);
    if (!this.sockets.has(socket.id)) {
      this.clients.disconnected(socket.id); // closed while enrolling
      throw new ProtocolException(ErrorCode.NotRegistered, 'the connection closed during authentication');
    }
    clearTimeout(this.authTimers.get(socket.id));
    this.authTimers.delete(socket.id);
    if (replaced) this.sockets.get(replaced)?.disconnect(true);
    this.logger.log(`client ${record.id} (${record.name}) authenticated: dataset ${record.dataset} × ${record.numExamples}, backend ${record.backend}`);
    await this.clients.persisted(record.id);
    // Eligible from now: any task offer goes out in a later loop turn, after this reply.
    this.clients.announce(record.id);
    const bulkPort = this.bulk.port;
    return {
      ok: true,
      clientId: record.id,
      coordinatorId: this.clients.coordinatorId,
      numExamples: record.numExamples,
      bulkCredential,
      bulkCredentialTtlMs: BULK_CREDENTIAL_TTL_MS,
      maxChunkBytes: MAX_CHUNK_BYTES,
      commitWithData: true,
      ...(bulkPort !== null ? { bulkPort } : {}),
    };
  }

  /** Tells the client why (`client:error`) and closes its live socket at once, if it has one. */
  kick(socketId: string, code: ErrorCode, message: string): void {
    const socket = this.sockets.get(socketId);
    if (!socket) return;
    socket.emit(Events.ClientError, { code, message });
    socket.disconnect(true);
  }

  private socketOf(clientId: string): ClientSocket | undefined {
    const sid = this.clients.get(clientId)?.socketId;
    return sid ? this.sockets.get(sid) : undefined;
  }

  /**
   * Offers a task (in its turn); resolves with the client's answer, or a
   * refusal when the client is offline, does not answer within `timeoutMs`,
   * or answers garbage.
   */
  async offerTask(clientId: string, task: RoundTask, timeoutMs: number): Promise<TaskAcceptReply> {
    if (!this.socketOf(clientId)) return { accepted: false, reason: 'client is offline' };
    await this.turns.turn();
    const socket = this.socketOf(clientId);
    if (!socket) return { accepted: false, reason: 'client is offline' };
    return new Promise((resolve) => {
      socket.timeout(timeoutMs).emit(Events.Task, task, (err: Error | null, reply: TaskAcceptReply) => {
        if (err) resolve({ accepted: false, reason: `no answer within ${timeoutMs} ms` });
        else if (typeof reply !== 'object' || reply === null || typeof reply.accepted !== 'boolean') resolve({ accepted: false, reason: 'malformed task reply' });
        else {
          const n = reply.numExamples;
          const declared = typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? { numExamples: n } : {};
          const code = typeof reply.code === 'string' && POLICY_REFUSAL_CODES.includes(reply.code) ? { code: reply.code } : {}; // a privacy-policy refusal's code
          resolve({ accepted: reply.accepted, reason: typeof reply.reason === 'string' ? reply.reason.slice(0, 500) : undefined, ...declared, ...code });
        }
      });
    });
  }

  /** Cancels a task (in its turn: after an offer still waiting for its own). */
  cancelTask(clientId: string, msg: TaskCancel): void {
    void this.turns.turn().then(() => this.socketOf(clientId)?.emit(Events.TaskCancel, msg));
  }

  /**
   * A secure-aggregation stage request (the packed stage message is one
   * binary attachment), built and sent in its turn: a stage's requests to a
   * 50-client cohort (each share-keys request packed on its own) do not hold
   * the event loop for one long tick.
   */
  sendSecAgg(clientId: string, build: () => SecAggRequest): void {
    void this.turns.turn().then(() => {
      const socket = this.socketOf(clientId);
      if (!socket) return;
      const req = build();
      const m = req.message;
      socket.emit(Events.SecAggRequest, { ...req, message: Buffer.from(m.buffer, m.byteOffset, m.byteLength) });
    });
  }
}
