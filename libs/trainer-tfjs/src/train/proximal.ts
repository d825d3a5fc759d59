/**
 * @module train/proximal
 * The FedProx proximal term (Li et al., MLSys 2020, arXiv 1812.06127, eq. 2):
 * the client minimises F_k(w) + (μ/2)·‖w − x_t‖², whose extra gradient is
 * μ·(w − x_t). The anchor x_t is this round's incoming global model, held as
 * frozen copies of the trainable variables (Li et al., MLSys 2020); pulling
 * towards x_t rather than 0 is what distinguishes it from weight decay.
 */
import * as tf from '@tensorflow/tfjs';

/** Frozen copies of the variables' current values (caller disposes them). */
export function snapshotAnchors(vars: readonly tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.keep(v.clone()));
}

/** (μ/2)·Σ_j ‖w_j − anchor_j‖², a scalar; call inside `tf.tidy` / a gradient scope. */
export function proximalTerm(vars: readonly tf.Tensor[], anchors: readonly tf.Tensor[], mu: number): tf.Scalar {
  if (vars.length === 0) return tf.scalar(0);
  const sq = vars.map((w, j) => tf.sum(tf.squaredDifference(w, anchors[j])));
  return tf.mul(tf.addN(sq), mu / 2).asScalar();
}
