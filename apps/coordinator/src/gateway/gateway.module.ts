/**
 * @module gateway/gateway.module
 * Socket.io gateways: edge clients (default namespace) and the dashboard
 * (`/admin`).
 */
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { RoundsModule } from '../rounds/rounds.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { ClientsGateway } from './clients.gateway';
import { AdminGateway } from './admin.gateway';

@Module({
  imports: [ClientsModule, RoundsModule, EvaluationModule],
  providers: [ClientsGateway, AdminGateway],
})
export class GatewayModule {}
