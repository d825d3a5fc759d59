/**
 * @module clients/clients.module
 * Client registry, identity rules and the typed socket layer.
 */
import { Module } from '@nestjs/common';
import { ClientsService } from './clients.service';
import { ClientSocketsService } from './client-sockets.service';
import { ClientsController } from './clients.controller';
import { BulkEndpoint } from './bulk-endpoint';

@Module({
  providers: [ClientsService, ClientSocketsService, BulkEndpoint],
  controllers: [ClientsController],
  exports: [ClientsService, ClientSocketsService, BulkEndpoint],
})
export class ClientsModule {}
