/**
 * @module events
 * Typed socket.io event maps. Both sides use these maps (`Server<...>`,
 * `Socket<...>`); no bare event strings elsewhere. Every client→server event
 * takes one object payload and replies by ack.
 */
import type { Ack } from './result';
import type { ProtocolError } from './result';
import type { HelloReply, HelloRequest, RegisterRequest, RegisterReply } from './messages/register';
import type { RoundTask, TaskAcceptReply, TaskCancel, TaskWithdraw } from './messages/task';
import type { ModelFetchRequest, ModelFetchReply } from './messages/model';
import type { UpdateChunk, UpdateCommit, EvaluateResult } from './messages/update';
import type { AdminJobUpdate, AdminClientsUpdate, AdminEvaluationUpdate } from './messages/admin';
import type { SecAggRequest, SecAggSubmit } from './messages/secagg';

export const Events = {
  Hello: 'client:hello',
  Register: 'client:register',
  ClientError: 'client:error',
  Task: 'round:task',
  TaskCancel: 'round:cancel',
  TaskWithdraw: 'task:withdraw',
  ModelFetch: 'model:fetch',
  UpdateChunk: 'update:chunk',
  UpdateCommit: 'update:commit',
  EvaluateResult: 'eval:result',
  SecAggRequest: 'secagg:request',
  SecAggMessage: 'secagg:message',
  AdminJob: 'admin:job',
  AdminClients: 'admin:clients',
  AdminEvaluation: 'admin:evaluation',
} as const;

export interface ClientToServerEvents {
  'client:hello': (req: HelloRequest, ack: (r: Ack<HelloReply>) => void) => void;
  'client:register': (req: RegisterRequest, ack: (r: Ack<RegisterReply>) => void) => void;
  'model:fetch': (req: ModelFetchRequest, ack: (r: Ack<ModelFetchReply>) => void) => void;
  'update:chunk': (req: UpdateChunk, ack: (r: Ack<{ received: number }>) => void) => void;
  'update:commit': (req: UpdateCommit, ack: (r: Ack<{ accepted: true }>) => void) => void;
  'eval:result': (req: EvaluateResult, ack: (r: Ack<{ accepted: true }>) => void) => void;
  'secagg:message': (req: SecAggSubmit, ack: (r: Ack<{ accepted: true }>) => void) => void;
  'task:withdraw': (req: TaskWithdraw, ack: (r: Ack<{ withdrawn: true }>) => void) => void;
}

export interface ServerToClientEvents {
  'round:task': (task: RoundTask, ack: (r: TaskAcceptReply) => void) => void;
  'round:cancel': (msg: TaskCancel) => void;
  'client:error': (err: ProtocolError) => void;
  'secagg:request': (req: SecAggRequest) => void;
}

export interface AdminServerToClientEvents {
  'admin:job': (msg: AdminJobUpdate) => void;
  'admin:clients': (msg: AdminClientsUpdate) => void;
  'admin:evaluation': (msg: AdminEvaluationUpdate) => void;
}
