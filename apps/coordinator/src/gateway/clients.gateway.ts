/**
 * @module gateway/clients.gateway
 * Edge-client socket events: one handler per `ClientToServerEvents` entry,
 * each validating its payload with the `@fl/protocol` validator and
 * delegating in one line; the return value is the ack. Every failure becomes
 * a `{ ok: false, error }` ack through {@link WsExceptionFilter}.
 * Authentication is `client:hello` then `client:register`
 * (docs/enrollment.md); every other event needs an authenticated socket.
 * Example counts in commits are capped at the client's registered count
 * (itself at most its enrollment cap), in evaluation results at the cap.
 */
import { UseFilters, UsePipes } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  Events,
  validateEvaluateResult,
  validateModelFetch,
  validateHello,
  validateRegister,
  validateUpdateChunk,
  validateSecAggSubmit,
  validateTaskWithdraw,
  validateUpdateCommit,
  type EvaluateResult,
  type HelloRequest,
  type ModelFetchRequest,
  type RegisterRequest,
  type SecAggSubmit,
  type TaskWithdraw,
  type UpdateChunk,
  type UpdateCommit,
} from '@fl/protocol';
import { WsExceptionFilter } from '../common/filters/ws-exception.filter';
import { ProtocolValidationPipe } from '../common/pipes/protocol-validation.pipe';
import { ClientSocketsService, type ClientSocket } from '../clients/client-sockets.service';
import { ClientsService } from '../clients/clients.service';
import { RoundsService } from '../rounds/rounds.service';

@WebSocketGateway()
@UseFilters(WsExceptionFilter)
export class ClientsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly sockets: ClientSocketsService,
    private readonly rounds: RoundsService,
    private readonly clients: ClientsService,
  ) {}

  handleConnection(socket: ClientSocket): void {
    this.sockets.connected(socket);
  }

  handleDisconnect(socket: ClientSocket): void {
    this.sockets.disconnected(socket);
  }

  @SubscribeMessage(Events.Hello)
  @UsePipes(new ProtocolValidationPipe(validateHello))
  hello(@ConnectedSocket() socket: ClientSocket, @MessageBody() _req: HelloRequest) {
    return this.sockets.hello(socket);
  }

  @SubscribeMessage(Events.Register)
  @UsePipes(new ProtocolValidationPipe(validateRegister))
  register(@ConnectedSocket() socket: ClientSocket, @MessageBody() req: RegisterRequest) {
    return this.sockets.register(socket, req);
  }

  @SubscribeMessage(Events.ModelFetch)
  @UsePipes(new ProtocolValidationPipe(validateModelFetch))
  fetch(@ConnectedSocket() socket: ClientSocket, @MessageBody() req: ModelFetchRequest) {
    return this.rounds.fetchModel(socket.id, req);
  }

  @SubscribeMessage(Events.UpdateChunk)
  @UsePipes(new ProtocolValidationPipe((v) => validateUpdateChunk(v)))
  chunk(@ConnectedSocket() socket: ClientSocket, @MessageBody() msg: UpdateChunk) {
    return this.rounds.chunk(socket.id, msg);
  }

  @SubscribeMessage(Events.UpdateCommit)
  @UsePipes(new ProtocolValidationPipe(validateUpdateCommit))
  commit(@ConnectedSocket() socket: ClientSocket, @MessageBody() msg: UpdateCommit) {
    return this.rounds.commit(socket.id, { ...msg, numExamples: this.clients.capExamples(socket.id, msg.numExamples) });
  }

  @SubscribeMessage(Events.SecAggMessage)
  @UsePipes(new ProtocolValidationPipe(validateSecAggSubmit))
  secAgg(@ConnectedSocket() socket: ClientSocket, @MessageBody() msg: SecAggSubmit) {
    return this.rounds.secAgg(socket.id, msg.numExamples === undefined ? msg : { ...msg, numExamples: this.clients.capExamples(socket.id, msg.numExamples) });
  }

  @SubscribeMessage(Events.TaskWithdraw)
  @UsePipes(new ProtocolValidationPipe(validateTaskWithdraw))
  withdraw(@ConnectedSocket() socket: ClientSocket, @MessageBody() msg: TaskWithdraw) {
    return this.rounds.withdraw(socket.id, msg);
  }

  @SubscribeMessage(Events.EvaluateResult)
  @UsePipes(new ProtocolValidationPipe(validateEvaluateResult))
  evalResult(@ConnectedSocket() socket: ClientSocket, @MessageBody() msg: EvaluateResult) {
    return this.rounds.evalResult(socket.id, { ...msg, numExamples: this.clients.capExamples(socket.id, msg.numExamples, true) });
  }
}
