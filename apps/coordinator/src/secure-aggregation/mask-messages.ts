/**
 * @module secure-aggregation/mask-messages
 * Messages between `MaskWorker` and its worker thread (`mask.worker`).
 */
import type { Mask, PrgId } from '@fl/secagg';

/** Σ sign·PRG(key) over `masks`, as `length` ring words. */
export interface MaskJob {
  id: number;
  length: number;
  prg: PrgId;
  masks: Mask[];
}

export type MaskResult = { id: number; ok: true; sum: Uint32Array } | { id: number; ok: false; error: string };
