/**
 * @module clients/clients.service
 * Registry of enrolled edge clients and the identity rules
 * (docs/enrollment.md). Every connection authenticates by signing a fresh
 * server challenge ({@link Challenges}) with the client's Ed25519 key:
 *
 * - enrollment (`enrollmentToken` + `signingKey`): the signature is checked
 *   with the presented key, then one use of the token is taken atomically
 *   (`EnrollmentTokensService.redeem`); the client gets a random id, the key
 *   is pinned to it and the token's `maxExamples` becomes its example cap;
 * - re-authentication (`clientId` + `signingKey`): an unknown id is refused
 *   with `NOT_REGISTERED`; a key other than the pinned one, or a signature
 *   that does not verify with it, with `FORGED_IDENTITY`; a revoked or
 *   suspended client with `CLIENT_REVOKED` / `CLIENT_SUSPENDED`;
 * - the declared example count is clamped to the cap (logged; the reply
 *   says the count used), so `numExamplesOf` never exceeds it;
 * - a re-authentication that replaces a live socket closes the old one; a
 *   task open on it counts as dropped (its upload state cannot be trusted);
 * - every successful authentication issues a new random bulk-channel
 *   credential, valid for that socket only, until it disconnects or
 *   re-authenticates, and at most {@link BULK_CREDENTIAL_TTL_MS}; only its
 *   SHA-256 hash is kept, in memory ({@link ClientsService.authenticate});
 * - an authenticated client becomes eligible for tasks only when its
 *   register reply goes out ({@link ClientsService.announce}), so no task
 *   reaches a client that does not know its id yet;
 * - a different protocol version is refused with `PROTOCOL_VERSION`;
 * - anything but `client:hello` / `client:register` from an unauthenticated
 *   socket is refused with `NOT_REGISTERED` ({@link ClientsService.require}).
 *
 * A registry change (register, disconnect, task assignment) is announced on
 * `changes$`, which the round engine and the admin gateway listen to.
 * Enrolments are stored ({@link ClientsRepository}) and loaded at boot; no
 * secret is stored. `persisted(id)` resolves once the client's last change
 * is stored.
 */
import { ConflictException, Inject, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Subject } from 'rxjs';
import { ErrorCode, PROTOCOL_VERSION, enrollmentTokenId, type ClientStatus, type ClientView, type RegisterRequest } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { CLIENTS_REPOSITORY, type ClientsRepository } from '../persistence/clients.repository';
import { COORDINATOR_ID } from '../persistence/coordinator-identity.repository';
import { EnrollmentTokensService } from '../enrollment/enrollment-tokens.service';
import { toClientView, type ClientRecord } from './client-record';
import type { IssuedChallenge } from './challenges';
import { verifyAuthSignature } from './signature';

/** Lifetime of a bulk-channel credential; the edge client re-authenticates on its socket before it runs out. */
export const BULK_CREDENTIAL_TTL_MS = 60 * 60_000;

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

function sameKey(pinned: Uint8Array | null, given: Uint8Array): boolean {
  return pinned !== null && pinned.length === given.length && timingSafeEqual(pinned, given);
}

export type ClientChange = { kind: 'registered' | 'disconnected' | 'task'; clientId: string };

export interface Registered {
  record: ClientRecord;
  /** Another live socket that held this identity (to be closed). */
  replaced: string | null;
  /** The new bulk-channel credential (the only time it exists in clear). */
  bulkCredential: string;
}

@Injectable()
export class ClientsService implements OnModuleInit {
  private readonly logger = new Logger(ClientsService.name);
  private readonly byId = new Map<string, ClientRecord>();
  private readonly bySocket = new Map<string, ClientRecord>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Authenticated, but not yet told so ({@link announce}): not eligible, so no task reaches a client before its register reply. */
  private readonly unannounced = new Set<string>();
  readonly changes$ = new Subject<ClientChange>();

  constructor(
    @Inject(CLIENTS_REPOSITORY) private readonly repo: ClientsRepository,
    private readonly tokens: EnrollmentTokensService,
    @Inject(COORDINATOR_ID) readonly coordinatorId: string,
    @Inject(COORDINATOR_CONFIG) private readonly config: Pick<CoordinatorConfig, 'maxExamplesPerClient'>,
  ) {}

  /** Loads every enrolled client (all offline until they reconnect). */
  async onModuleInit(): Promise<void> {
    for (const c of await this.repo.list()) {
      const maxExamples = c.maxExamples ?? this.config.maxExamplesPerClient;
      this.byId.set(c.id, { ...c, maxExamples, numExamples: Math.min(c.numExamples, maxExamples), socketId: null, bulk: null, currentTaskId: null });
    }
  }

  /** Resolves once the client's latest change is stored (never rejects; failures are logged). */
  persisted(clientId: string): Promise<void> {
    return this.writes.get(clientId) ?? Promise.resolve();
  }

  private persist(r: ClientRecord): void {
    const prev = this.writes.get(r.id) ?? Promise.resolve();
    const snapshot = {
      id: r.id,
      name: r.name,
      dataset: r.dataset,
      numExamples: r.numExamples,
      backend: r.backend,
      clientVersion: r.clientVersion,
      protocolVersion: r.protocolVersion,
      signingKey: r.signingKey,
      status: r.status,
      maxExamples: r.maxExamples,
      enrollmentTokenId: r.enrollmentTokenId,
      registeredAt: r.registeredAt,
      lastSeenAt: r.lastSeenAt,
    };
    const next = prev.then(() => this.repo.save(snapshot)).catch((e: Error) => this.logger.error(`storing client ${r.id} failed: ${e.message}`));
    this.writes.set(r.id, next);
    void next.then(() => this.writes.get(r.id) === next && this.writes.delete(r.id));
  }

  /**
   * Authenticates the connection `socketId` with the signature in `req` over
   * the challenge `issued` (already taken from this socket): enrols a new
   * client with a token, or re-identifies an enrolled one.
   * @throws ProtocolException PROTOCOL_VERSION | NOT_REGISTERED | FORGED_IDENTITY | CLIENT_REVOKED | CLIENT_SUSPENDED | ENROLLMENT_REFUSED | TOKEN_EXPIRED | TOKEN_USED
   */
  async register(socketId: string, req: RegisterRequest, issued: IssuedChallenge): Promise<Registered> {
    if (req.protocolVersion !== PROTOCOL_VERSION)
      throw new ProtocolException(ErrorCode.ProtocolVersion, `protocol version ${req.protocolVersion} is not supported; this coordinator speaks ${PROTOCOL_VERSION}`);
    const signed = {
      challenge: issued.challenge,
      coordinatorId: this.coordinatorId,
      issuedAt: issued.issuedAt,
      socketId,
      clientId: req.clientId,
      signingKey: req.signingKey,
      enrollmentTokenId: req.enrollmentToken !== undefined ? (enrollmentTokenId(req.enrollmentToken) ?? '') : undefined,
    };
    if (req.clientId !== undefined) {
      const record = this.byId.get(req.clientId);
      if (!record) throw new ProtocolException(ErrorCode.NotRegistered, `no client ${req.clientId} is enrolled here; enroll with an enrollment token`);
      if (!sameKey(record.signingKey, req.signingKey)) throw new ProtocolException(ErrorCode.ForgedIdentity, `client ${record.id} enrolled with a different signing key; a new key needs a new enrollment`);
      if (!verifyAuthSignature(signed, req.signature)) throw new ProtocolException(ErrorCode.ForgedIdentity, `the signature does not verify with client ${record.id}'s key over this connection's challenge`);
      this.checkStatus(record);
      return this.attach(socketId, record, req);
    }
    if (!verifyAuthSignature(signed, req.signature)) throw new ProtocolException(ErrorCode.ForgedIdentity, "the signature does not verify with the presented key over this connection's challenge");
    const again = await this.enrolledBefore(req);
    if (again) {
      this.checkStatus(again);
      this.logger.log(`client ${again.id} (${again.name}) enrolled again with the same key and token (the reply to its enrollment was lost): same identity, no use taken`);
      return this.attach(socketId, again, req);
    }
    const token = await this.tokens.redeem(req.enrollmentToken!, { name: req.name, dataset: req.dataset.name });
    const now = new Date();
    const record: ClientRecord = {
      id: randomUUID(),
      name: req.name,
      dataset: req.dataset.name,
      numExamples: 0,
      maxExamples: token.maxExamples,
      enrollmentTokenId: token.id,
      backend: req.backend,
      clientVersion: req.clientVersion ?? null,
      protocolVersion: req.protocolVersion,
      signingKey: Uint8Array.from(req.signingKey),
      status: 'active',
      socketId: null,
      bulk: null,
      currentTaskId: null,
      registeredAt: now,
      lastSeenAt: now,
    };
    this.byId.set(record.id, record);
    this.logger.log(`client ${record.id} (${record.name}) enrolled with token ${token.id} (${token.uses}/${token.maxUses} uses, at most ${token.maxExamples} examples)`);
    return this.attach(socketId, record, req);
  }

  /**
   * The client this key enrolled with this very token, if any: an enrollment
   * whose reply was lost (the coordinator stopped, the connection dropped)
   * is repeated by the client with the same key and token, and must not be
   * refused for the use it already took. Only the holder of the key (the
   * signature over this connection's challenge was checked) and of the
   * token's secret gets the identity back.
   */
  private async enrolledBefore(req: RegisterRequest): Promise<ClientRecord | undefined> {
    const tokenId = enrollmentTokenId(req.enrollmentToken!);
    if (!tokenId) return undefined;
    for (const r of this.byId.values())
      if (r.enrollmentTokenId === tokenId && sameKey(r.signingKey, req.signingKey)) return (await this.tokens.knows(req.enrollmentToken!)) ? r : undefined;
    return undefined;
  }

  private checkStatus(c: ClientRecord): void {
    if (c.status === 'revoked') throw new ProtocolException(ErrorCode.ClientRevoked, `client ${c.id} was revoked; it needs a new enrollment`);
    if (c.status === 'suspended') throw new ProtocolException(ErrorCode.ClientSuspended, `client ${c.id} is suspended until an admin resumes it`);
  }

  private attach(socketId: string, record: ClientRecord, req: RegisterRequest): Registered {
    const previous = this.bySocket.get(socketId);
    if (previous && previous !== record) this.detach(previous);
    const replaced = record.socketId !== null && record.socketId !== socketId ? record.socketId : null;
    if (replaced) this.detach(record); // the old connection's open task (and upload) is dropped
    const numExamples = Math.min(req.dataset.numExamples, record.maxExamples);
    if (numExamples < req.dataset.numExamples) this.logger.warn(`client ${record.id} (${record.name}) declared ${req.dataset.numExamples} examples; clamped to its enrollment cap ${record.maxExamples}`);
    const now = new Date();
    const bulkCredential = randomBytes(32).toString('base64url');
    Object.assign(record, {
      name: req.name,
      dataset: req.dataset.name,
      numExamples,
      backend: req.backend,
      clientVersion: req.clientVersion ?? null,
      protocolVersion: req.protocolVersion,
      socketId,
      bulk: { hash: sha256(bulkCredential).toString('hex'), socketId, expiresAt: now.getTime() + BULK_CREDENTIAL_TTL_MS },
      lastSeenAt: now,
    });
    this.bySocket.set(socketId, record);
    this.persist(record);
    this.unannounced.add(record.id);
    return { record, replaced, bulkCredential };
  }

  /** Makes the client on its new connection eligible and announces it (`changes$`); call right before its register reply goes out. */
  announce(clientId: string): void {
    if (!this.unannounced.delete(clientId)) return;
    this.changes$.next({ kind: 'registered', clientId });
  }

  /**
   * The client `clientId`, when `credential` is the bulk credential of its
   * live, authenticated connection (the bulk channel, whose requests carry
   * no socket).
   * @throws ProtocolException NOT_REGISTERED (unknown, offline, expired) / FORGED_IDENTITY (wrong credential)
   */
  authenticate(clientId: string, credential: string, now = Date.now()): ClientRecord {
    const c = this.byId.get(clientId);
    if (!c) throw new ProtocolException(ErrorCode.NotRegistered, `no client ${clientId.slice(0, 64)} is enrolled`);
    const b = c.bulk;
    if (c.socketId === null || b === null || b.socketId !== c.socketId) throw new ProtocolException(ErrorCode.NotRegistered, `client ${c.id} is not connected; authenticate over the socket first`);
    const given = sha256(credential);
    if (!timingSafeEqual(Buffer.from(b.hash, 'hex'), given)) throw new ProtocolException(ErrorCode.ForgedIdentity, `not the bulk credential of client ${c.id}'s current connection`);
    if (now > b.expiresAt) throw new ProtocolException(ErrorCode.NotRegistered, `the bulk credential of client ${c.id} expired; re-authenticate over the socket`);
    c.lastSeenAt = new Date(now);
    return c;
  }

  /** The client authenticated on `socketId`. @throws ProtocolException NOT_REGISTERED */
  require(socketId: string): ClientRecord {
    const c = this.bySocket.get(socketId);
    if (!c) throw new ProtocolException(ErrorCode.NotRegistered, 'authenticate with client:hello and client:register first');
    c.lastSeenAt = new Date();
    return c;
  }

  isAuthenticated(socketId: string): boolean {
    return this.bySocket.has(socketId);
  }

  /**
   * `n`, at most the training example count of the client on `socketId`
   * (itself at most its enrollment cap), or with `evaluation` at most the
   * enrollment cap (a test split is counted apart from the training set);
   * `n` itself for an unauthenticated socket (refused later anyway).
   */
  capExamples(socketId: string, n: number, evaluation = false): number {
    const c = this.bySocket.get(socketId);
    return c ? Math.min(n, evaluation ? c.maxExamples : c.numExamples) : n;
  }

  /** Marks the client on `socketId` offline; returns it, if there was one. */
  disconnected(socketId: string): ClientRecord | undefined {
    const c = this.bySocket.get(socketId);
    if (c) this.detach(c);
    return c;
  }

  private detach(c: ClientRecord): void {
    if (c.socketId) this.bySocket.delete(c.socketId);
    this.unannounced.delete(c.id);
    c.socketId = null;
    c.bulk = null;
    c.lastSeenAt = new Date();
    this.changes$.next({ kind: 'disconnected', clientId: c.id });
  }

  /**
   * Sets an admin status and stores it (awaited). `revoked` is final.
   * @returns the client's view and the socket to close at once (when it is online and no longer active)
   * @throws NotFoundException | ConflictException (resuming or suspending a revoked client)
   */
  async setStatus(clientId: string, status: ClientStatus): Promise<{ view: ClientView; close: string | null }> {
    const c = this.byId.get(clientId);
    if (!c) throw new NotFoundException(`no client ${clientId.slice(0, 64)}`);
    if (c.status === 'revoked' && status !== 'revoked') throw new ConflictException(`client ${c.id} is revoked for good; enroll it again with a new token`);
    c.status = status;
    this.persist(c);
    await this.persisted(c.id);
    this.logger.warn(`client ${c.id} (${c.name}) is now ${status}`);
    return { view: toClientView(c), close: status !== 'active' ? c.socketId : null };
  }

  get(clientId: string): ClientRecord | undefined {
    return this.byId.get(clientId);
  }

  /**
   * Ids of connected, idle, active clients holding `dataset` with at least
   * one example, sorted (deterministic sampling); with `signed`, only clients
   * with a pinned signing key.
   */
  eligible(dataset: string, signed = false): string[] {
    const out: string[] = [];
    for (const c of this.byId.values())
      if (c.socketId !== null && !this.unannounced.has(c.id) && c.status === 'active' && c.currentTaskId === null && c.dataset === dataset && c.numExamples > 0 && (!signed || c.signingKey !== null)) out.push(c.id);
    return out.sort();
  }

  nameOf(clientId: string): string {
    return this.byId.get(clientId)?.name ?? clientId;
  }

  /** The client's example count: never above its enrollment cap. */
  numExamplesOf(clientId: string): number {
    const c = this.byId.get(clientId);
    return c ? Math.min(c.numExamples, c.maxExamples) : 0;
  }

  signingKeyOf(clientId: string): Uint8Array | null {
    return this.byId.get(clientId)?.signingKey ?? null;
  }

  /** Marks the client busy with `taskId` (it is then not eligible for other tasks). */
  assignTask(clientId: string, taskId: string): void {
    const c = this.byId.get(clientId);
    if (!c) return;
    c.currentTaskId = taskId;
    this.changes$.next({ kind: 'task', clientId });
  }

  /** Frees the client if it is still busy with `taskId`. */
  releaseTask(clientId: string, taskId: string): void {
    const c = this.byId.get(clientId);
    if (!c || c.currentTaskId !== taskId) return;
    c.currentTaskId = null;
    this.changes$.next({ kind: 'task', clientId });
  }

  list(): ClientView[] {
    return [...this.byId.values()].map(toClientView);
  }
}
