/**
 * @module topology/topology-error
 * Why a TF.js Layers topology cannot be sized (malformed, a layer class the
 * size check does not know, a shape it cannot infer) or is over a limit.
 */
export type TopologyErrorCode = 'BAD_TOPOLOGY' | 'UNSUPPORTED_LAYER' | 'MODEL_TOO_LARGE';

export class TopologyError extends Error {
  constructor(
    readonly code: TopologyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TopologyError';
  }
}
