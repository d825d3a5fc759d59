/**
 * @module dp-clip
 * The client's half of user-level DP-FedAvg (McMahan, Ramage, Talwar, Zhang,
 * ICLR 2018; docs/privacy.md): before a DP task's update leaves the client,
 * its delta to the global model is clipped to the task's L2 norm S,
 * Δ̂ = Δ·min(1, S/‖Δ‖). The coordinator clips again (it must not trust the
 * client to bound its own influence) and adds the noise. The outcome says
 * whether the update was within S before clipping (`unclipped`, sent with the
 * commit for adaptive clipping).
 */
import { clipFactor, l2DeltaNorm, type ModelWeights } from '@fl/fl-core';
import type { RoundTask } from '@fl/protocol';
import type { TrainOutcome } from './trainers/local-trainer';

/** `out` with its weights moved to global + clip(weights − global); unchanged without `task.privacy` or when within S. */
export function clipForPrivacy(task: RoundTask, global: ModelWeights, out: TrainOutcome): TrainOutcome {
  if (!task.privacy) return out;
  const g = global.data;
  const x = out.weights.data;
  const f = clipFactor(l2DeltaNorm(x, g), task.privacy.clip);
  // The bit adaptive clipping counts (Andrew et al. NeurIPS 2021): the update was within the clip norm.
  if (f >= 1) return { ...out, unclipped: true };
  const data = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) data[i] = g[i] + f * (x[i] - g[i]);
  const { serialized: _stale, ...rest } = out;
  return { ...rest, weights: { layout: out.weights.layout, data }, unclipped: false };
}
