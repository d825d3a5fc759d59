/**
 * @module clients/client-sockets.service
 * The typed socket layer between the coordinator's logic and live edge-client
 * connections. Everything the server sends to a client goes through here and
 * is type-checked against `ServerToClientEvents`; nothing else holds sockets.
 * Task offers, cancels and secure-aggregation requests, which a round sends
 * to its whole cohort at once, go out one client per event-loop iteration
 * ({@link LoopTurns}, in order).
 */
import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { Events, MAX_CHUNK_BYTES, type ClientToServerEvents, type RegisterReply, type RegisterRequest, type RoundTask, type SecAggRequest, type ServerToClientEvents, type TaskAcceptReply, type TaskCancel } from '@fl/protocol';
import { LoopTurns } from '../common/loop-turns';
import { ClientsService } from './clients.service';
import { BulkEndpoint } from './bulk-endpoint';

export type ClientSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

@Injectable()
export class ClientSocketsService {
  private readonly logger = new Logger(ClientSocketsService.name);
  private readonly sockets = new Map<string, ClientSocket>();
  /** Offers and cancels: one socket write per event-loop iteration, first come first served. */
  private readonly turns = new LoopTurns();

  constructor(
    private readonly clients: ClientsService,
    private readonly bulk: BulkEndpoint,
  ) {}

  connected(socket: ClientSocket): void {
    this.sockets.set(socket.id, socket);
  }

  disconnected(socket: ClientSocket): void {
    this.sockets.delete(socket.id);
    const c = this.clients.disconnected(socket.id);
    if (c) this.logger.log(`client ${c.id} (${c.name}) disconnected`);
  }

  /** Registers the client on `socket` (acked once the enrolment is stored); a previous live socket of the same identity is closed. */
  async register(socket: ClientSocket, req: RegisterRequest): Promise<{ ok: true } & RegisterReply> {
    const { record, replaced, sessionToken } = this.clients.register(socket.id, req);
    if (replaced) this.sockets.get(replaced)?.disconnect(true);
    this.logger.log(`client ${record.id} (${record.name}) registered: dataset ${record.dataset} × ${record.numExamples}, backend ${record.backend}`);
    await this.clients.persisted(record.id);
    const bulkPort = this.bulk.port;
    return { ok: true, clientId: record.id, sessionToken, maxChunkBytes: MAX_CHUNK_BYTES, commitWithData: true, ...(bulkPort !== null ? { bulkPort } : {}) };
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
        else resolve({ accepted: reply.accepted, reason: typeof reply.reason === 'string' ? reply.reason.slice(0, 500) : undefined });
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
