/**
 * @module models/model-build-messages
 * What the event loop asks the model-build worker (`model-build.worker`) and
 * what it answers: a job's initial model, or an uploaded TF.js model, built,
 * serialized (FLW1) and hashed, so the event loop only stores the bytes.
 */
import type { ModelSpec, TensorSpec } from '@fl/protocol';
import type { ManifestEntry } from '../registry/tfjs-format';

export type ModelBuildRequest =
  /** A job's initial model from its spec, seeded. */
  | { op: 'initial'; spec: Pick<ModelSpec, 'builtin' | 'params' | 'layers'>; seed: number }
  /** An uploaded TF.js model: its topology is built to learn its layout, then each tensor is taken from `weights` by name. */
  | { op: 'import'; topology: Record<string, unknown>; entries: ManifestEntry[]; weightBytes: number; weights: Uint8Array };

/** A built model: its layout, its topology (null for `synthetic`), its FLW1 bytes and their hash. */
export interface BuiltModel {
  layout: TensorSpec[];
  topology: object | null;
  serialized: Uint8Array;
  hash: string;
}

export type ModelBuildReply =
  | ({ id: number; ok: true } & BuiltModel)
  /** `spec`: the job's model spec is bad; `import`: the upload is; `internal`: anything else. */
  | { id: number; ok: false; kind: 'spec' | 'import' | 'internal'; message: string };
