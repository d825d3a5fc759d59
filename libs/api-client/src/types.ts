/**
 * @module types
 * Reply shapes of routes whose types live only in the coordinator's DTOs
 * (not in `@fl/protocol`): the job's global model, a deleted job, health,
 * the TF.js download, and the audit query.
 */
import type { EventLoopDelay, TensorSpec } from '@fl/protocol';

export type { EventLoopDelay } from '@fl/protocol';

/** `GET /api/jobs/:id/model`: the job's current global model. */
export interface GlobalModelView {
  /** Hex SHA-256 of the serialized weights; download with `models.weights(hash)`. */
  hash: string;
  /** Rounds completed to produce it (0 = initial). */
  round: number;
  layout: TensorSpec[];
  /** TF.js Layers topology; null for layout-only models. */
  topology: object | null;
  parameterCount: number;
}

/** `DELETE /api/jobs/:id`. */
export interface DeletedJob {
  jobId: string;
  deletedVersions: string[];
  /** Serving versions kept (none with force). */
  keptVersions: string[];
}


/** `GET /api/health`. */
export interface HealthView {
  status: 'ok';
  protocolVersion: number;
  uptimeSeconds: number;
  clientsConnected: number;
  eventLoopDelayMs: EventLoopDelay;
  bulk: { port: number | null; modelChunks: number; uploads: number; refused: number };
}

/** A version in the TF.js Layers format: `model.json` (its manifest names `weights.bin`) and the weights. */
export interface TfjsModelFiles {
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

/** `GET /api/audit` filters; newest entries first. */
export interface AuditQuery {
  limit?: number;
  /** Cursor from the previous page's `next`. */
  before?: string;
  /** Actor token id. */
  actor?: string;
  /** Dotted action name, e.g. `jobs.create`. */
  action?: string;
}
