/**
 * @module client/step
 * One entry point for an edge client: route a server request to the stage
 * function named by its `stage` (each one enforces the expected order).
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ClientMessage, ServerMessage } from '../messages';
import { badPayload, isObject } from '../util/guards';
import { clientAdvertiseKeys } from './advertise-keys';
import { clientConsistencyCheck } from './consistency-check';
import { clientMaskedInput } from './masked-input';
import { clientShareKeys } from './share-keys';
import type { ClientEnv, ClientState, ClientStep } from './state';
import { clientUnmask } from './unmask';

/** `input` is the client's encoded vector, needed for the masked-input request. */
export function clientStep(state: ClientState, req: ServerMessage, env: ClientEnv & { input?: Uint32Array } = {}): ClientStep<ClientMessage> {
  if (!isObject(req)) badPayload('request must be an object');
  switch (req.stage) {
    case 'advertise-keys':
      return clientAdvertiseKeys(state, req, env);
    case 'share-keys':
      return clientShareKeys(state, req, env);
    case 'masked-input':
      if (!env.input) throw new SecAggError(SecAggErrorCode.BadPayload, 'masked-input needs the encoded input vector', req.stage, state.id);
      return clientMaskedInput(state, req, env.input, env);
    case 'consistency-check':
      return clientConsistencyCheck(state, req, env);
    case 'unmask':
      return clientUnmask(state, req, env);
    default:
      throw new SecAggError(SecAggErrorCode.StageOrder, `unknown stage ${String((req as { stage?: unknown }).stage)}`, undefined, state.id);
  }
}
