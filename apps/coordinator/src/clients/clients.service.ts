/**
 * @module clients/clients.service
 * Registry of enrolled edge clients and the identity rules:
 *
 * - a new client gets a random id and a 32-byte hex session token (node:crypto);
 * - a reconnecting client presents both; a known id with the wrong token is
 *   refused with `FORGED_IDENTITY` (compared in constant time);
 * - a reconnect that replaces a live socket closes the old one; a task open
 *   on it counts as dropped (its upload state cannot be trusted);
 * - an id this coordinator does not know (e.g. after a restart) is enrolled
 *   afresh: the reply carries the new id and token, which the client adopts;
 * - the Ed25519 signing key a client presents at enrolment is pinned to its id:
 *   a reconnect with another (or without a) key is refused with
 *   `FORGED_IDENTITY`, so peers' secure-aggregation signatures keep meaning
 *   the same client;
 * - a different protocol version is refused with `PROTOCOL_VERSION`;
 * - anything but `client:register` from an unregistered socket is refused
 *   with `NOT_REGISTERED` ({@link ClientsService.require}).
 *
 * A registry change (register, disconnect, task assignment) is announced on
 * `changes$`, which the round engine and the admin gateway listen to.
 *
 * Enrolments are stored ({@link ClientsRepository}: id, name, dataset, example
 * count, backend, pinned key, and only a SHA-256 hash of the token) and loaded
 * at boot, so clients reconnecting to a restarted coordinator keep their
 * identity. `persisted(id)` resolves once the client's last change is stored.
 */
import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Subject } from 'rxjs';
import { ErrorCode, PROTOCOL_VERSION, type ClientView, type RegisterRequest } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';
import { CLIENTS_REPOSITORY, type ClientsRepository } from '../persistence/clients.repository';
import { InMemoryClientsRepository } from '../persistence/in-memory-clients.repository';
import { toClientView, type ClientRecord } from './client-record';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares the presented token's hash with the stored one in constant time. */
function sameToken(storedHash: string, presented: string): boolean {
  const x = Buffer.from(storedHash, 'hex');
  const y = Buffer.from(tokenHash(presented), 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function sameKey(pinned: Uint8Array | null, given: Uint8Array | undefined): boolean {
  if (pinned === null || given === undefined) return pinned === null && given === undefined;
  return pinned.length === given.length && timingSafeEqual(pinned, given);
}

export type ClientChange = { kind: 'registered' | 'disconnected' | 'task'; clientId: string };

@Injectable()
export class ClientsService implements OnModuleInit {
  private readonly logger = new Logger(ClientsService.name);
  private readonly byId = new Map<string, ClientRecord>();
  private readonly bySocket = new Map<string, ClientRecord>();
  private readonly writes = new Map<string, Promise<void>>();
  readonly changes$ = new Subject<ClientChange>();

  constructor(@Optional() @Inject(CLIENTS_REPOSITORY) private readonly repo: ClientsRepository = new InMemoryClientsRepository()) {}

  /** Loads every enrolled client (all offline until they reconnect). */
  async onModuleInit(): Promise<void> {
    for (const c of await this.repo.list())
      this.byId.set(c.id, { id: c.id, tokenHash: c.tokenHash, name: c.name, dataset: c.dataset, numExamples: c.numExamples, backend: c.backend, signingKey: c.signingKey, socketId: null, currentTaskId: null, registeredAt: c.registeredAt, lastSeenAt: c.lastSeenAt });
  }

  /** Resolves once the client's latest registration is stored (never rejects; failures are logged). */
  persisted(clientId: string): Promise<void> {
    return this.writes.get(clientId) ?? Promise.resolve();
  }

  private persist(r: ClientRecord): void {
    const prev = this.writes.get(r.id) ?? Promise.resolve();
    const snapshot = { id: r.id, tokenHash: r.tokenHash, name: r.name, dataset: r.dataset, numExamples: r.numExamples, backend: r.backend, signingKey: r.signingKey, registeredAt: r.registeredAt, lastSeenAt: r.lastSeenAt };
    const next = prev.then(() => this.repo.save(snapshot)).catch((e: Error) => this.logger.error(`storing client ${r.id} failed: ${e.message}`));
    this.writes.set(r.id, next);
    void next.then(() => this.writes.get(r.id) === next && this.writes.delete(r.id));
  }

  /**
   * Enrols or re-identifies the client on `socketId`.
   * @returns the record and, when another live socket held the same identity, that socket's id (to be closed).
   */
  register(socketId: string, req: RegisterRequest): { record: ClientRecord; replaced: string | null; sessionToken: string } {
    if (req.protocolVersion !== PROTOCOL_VERSION)
      throw new ProtocolException(ErrorCode.ProtocolVersion, `protocol version ${req.protocolVersion} is not supported; this coordinator speaks ${PROTOCOL_VERSION}`);
    let record = req.clientId !== undefined ? this.byId.get(req.clientId) : undefined;
    if (record && !sameToken(record.tokenHash, req.sessionToken ?? ''))
      throw new ProtocolException(ErrorCode.ForgedIdentity, `session token does not match client ${req.clientId}`);
    if (record && !sameKey(record.signingKey, req.signingKey))
      throw new ProtocolException(ErrorCode.ForgedIdentity, `client ${req.clientId} enrolled with a different signing key; a new key needs a new enrolment`);
    const previous = this.bySocket.get(socketId);
    if (previous && previous !== record) this.detach(previous);
    const now = new Date();
    let sessionToken = req.sessionToken ?? '';
    if (!record) {
      sessionToken = randomBytes(32).toString('hex');
      record = { id: randomUUID(), tokenHash: tokenHash(sessionToken), name: req.name, dataset: '', numExamples: 0, backend: req.backend, signingKey: req.signingKey ? Uint8Array.from(req.signingKey) : null, socketId: null, currentTaskId: null, registeredAt: now, lastSeenAt: now };
      this.byId.set(record.id, record);
    }
    const replaced = record.socketId !== null && record.socketId !== socketId ? record.socketId : null;
    if (replaced) this.detach(record); // the old connection's open task (and upload) is dropped
    Object.assign(record, { name: req.name, dataset: req.dataset.name, numExamples: req.dataset.numExamples, backend: req.backend, socketId, lastSeenAt: now });
    this.bySocket.set(socketId, record);
    this.persist(record);
    this.changes$.next({ kind: 'registered', clientId: record.id });
    return { record, replaced, sessionToken };
  }

  /**
   * The client `clientId`, when `token` is its session token and it is
   * connected (the bulk channel, whose requests carry no socket).
   * @throws ProtocolException NOT_REGISTERED (unknown or offline) / FORGED_IDENTITY (wrong token)
   */
  authenticate(clientId: string, token: string): ClientRecord {
    const c = this.byId.get(clientId);
    if (!c) throw new ProtocolException(ErrorCode.NotRegistered, `no client ${clientId.slice(0, 64)} is enrolled`);
    if (!sameToken(c.tokenHash, token)) throw new ProtocolException(ErrorCode.ForgedIdentity, `session token does not match client ${c.id}`);
    if (c.socketId === null) throw new ProtocolException(ErrorCode.NotRegistered, `client ${c.id} is not connected; register over the socket first`);
    c.lastSeenAt = new Date();
    return c;
  }

  /** The client registered on `socketId`. @throws ProtocolException NOT_REGISTERED */
  require(socketId: string): ClientRecord {
    const c = this.bySocket.get(socketId);
    if (!c) throw new ProtocolException(ErrorCode.NotRegistered, 'register with client:register first');
    c.lastSeenAt = new Date();
    return c;
  }

  /** Marks the client on `socketId` offline; returns it, if there was one. */
  disconnected(socketId: string): ClientRecord | undefined {
    const c = this.bySocket.get(socketId);
    if (c) this.detach(c);
    return c;
  }

  private detach(c: ClientRecord): void {
    if (c.socketId) this.bySocket.delete(c.socketId);
    c.socketId = null;
    c.lastSeenAt = new Date();
    this.changes$.next({ kind: 'disconnected', clientId: c.id });
  }

  get(clientId: string): ClientRecord | undefined {
    return this.byId.get(clientId);
  }

  /**
   * Ids of connected, idle clients holding `dataset` with at least one example,
   * sorted (deterministic sampling); with `signed`, only clients with a pinned signing key.
   */
  eligible(dataset: string, signed = false): string[] {
    const out: string[] = [];
    for (const c of this.byId.values())
      if (c.socketId !== null && c.currentTaskId === null && c.dataset === dataset && c.numExamples > 0 && (!signed || c.signingKey !== null)) out.push(c.id);
    return out.sort();
  }

  nameOf(clientId: string): string {
    return this.byId.get(clientId)?.name ?? clientId;
  }

  numExamplesOf(clientId: string): number {
    return this.byId.get(clientId)?.numExamples ?? 0;
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
