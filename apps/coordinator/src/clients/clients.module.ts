/**
 * @module clients/clients.module
 * Client registry, identity rules (enrollment, challenge-response
 * authentication, admin status) and the typed socket layer.
 */
import { Module } from '@nestjs/common';
import { ClientsService } from './clients.service';
import { ClientSocketsService } from './client-sockets.service';
import { ClientsController } from './clients.controller';
import { BulkEndpoint } from './bulk-endpoint';
import { ClientAdminService } from './client-admin.service';
import { EnrollmentModule } from '../enrollment/enrollment.module';

@Module({
  imports: [EnrollmentModule],
  providers: [ClientsService, ClientSocketsService, BulkEndpoint, ClientAdminService],
  controllers: [ClientsController],
  exports: [ClientsService, ClientSocketsService, BulkEndpoint],
})
export class ClientsModule {}
