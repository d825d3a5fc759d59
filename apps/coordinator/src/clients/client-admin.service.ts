/**
 * @module clients/client-admin.service
 * Admin actions on an enrolled client: suspend (refused until resumed),
 * resume, revoke (refused for good). The status is stored before the reply;
 * a suspended or revoked client's live socket is closed at once with a
 * `client:error` saying why, through the ordinary disconnect path, so a task
 * open on it counts as dropped; its reconnects are refused with
 * `CLIENT_SUSPENDED` / `CLIENT_REVOKED`.
 */
import { Injectable } from '@nestjs/common';
import { ErrorCode, type ClientStatus, type ClientView } from '@fl/protocol';
import { ClientsService } from './clients.service';
import { ClientSocketsService } from './client-sockets.service';

@Injectable()
export class ClientAdminService {
  constructor(
    private readonly clients: ClientsService,
    private readonly sockets: ClientSocketsService,
  ) {}

  suspend(id: string): Promise<ClientView> {
    return this.set(id, 'suspended');
  }

  resume(id: string): Promise<ClientView> {
    return this.set(id, 'active');
  }

  revoke(id: string): Promise<ClientView> {
    return this.set(id, 'revoked');
  }

  private async set(id: string, status: ClientStatus): Promise<ClientView> {
    const { view, close } = await this.clients.setStatus(id, status);
    if (close) this.sockets.kick(close, status === 'revoked' ? ErrorCode.ClientRevoked : ErrorCode.ClientSuspended, `this client was ${status} by an admin`);
    return { ...view, connected: close ? false : view.connected };
  }
}
