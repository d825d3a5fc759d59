/**
 * @module strategies/strategy-state
 * Checking, copying and persisting `StrategyState`. Losing the optimiser
 * state silently resets FedAvgM/FedOpt, so restored state is validated and a
 * strategy refuses state that does not fit it (BAD_STATE).
 */
import { AggregationError } from '../errors/aggregation-error';
import { WeightsError } from '../errors/weights-error';
import { firstNonFinite } from '../weights/finite';
import type { ModelWeights } from '../weights/model-weights';
import type { StrategyState } from './strategy';

/** JSON-friendly form of a state (numbers survive a Float32 → number → Float32 round trip exactly). */
export interface StrategyStateJSON {
  step: number;
  tensors: Record<string, number[]>;
}

function badState(message: string): AggregationError {
  return new AggregationError('BAD_STATE', message);
}

/** Throws BAD_STATE unless `state.step` is a non-negative integer. */
export function checkStep(state: StrategyState): void {
  if (typeof state !== 'object' || state === null || !Number.isSafeInteger(state.step) || state.step < 0)
    throw badState('strategy state must have a non-negative integer step');
}

/** The named state tensor, checked for presence, length and finiteness. */
export function requireTensor(state: StrategyState, name: string, length: number): Float32Array {
  const t = state.tensors?.[name];
  if (!(t instanceof Float32Array) && Object.prototype.toString.call(t) !== '[object Float32Array]')
    throw badState(`strategy state lacks the Float32Array tensor '${name}'`);
  if (t.length !== length) throw badState(`strategy state tensor '${name}' has ${t.length} entries, the model ${length}`);
  if (firstNonFinite(t) >= 0) throw badState(`strategy state tensor '${name}' holds NaN/Inf`);
  return t;
}

/** A deep copy. */
export function cloneStrategyState(state: StrategyState): StrategyState {
  const tensors: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(state.tensors)) tensors[k] = v.slice();
  return { step: state.step, tensors };
}

export function strategyStateToJSON(state: StrategyState): StrategyStateJSON {
  const tensors: Record<string, number[]> = {};
  for (const k of Object.keys(state.tensors).sort()) tensors[k] = Array.from(state.tensors[k]);
  return { step: state.step, tensors };
}

/** @throws AggregationError BAD_STATE for anything that is not a valid `StrategyStateJSON`. */
export function strategyStateFromJSON(json: unknown): StrategyState {
  if (typeof json !== 'object' || json === null) throw badState('strategy state must be an object { step, tensors }');
  const { step, tensors } = json as Record<string, unknown>;
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) throw badState('strategy state tensors must be an object');
  const out: StrategyState = { step: step as number, tensors: {} };
  checkStep(out);
  for (const [k, v] of Object.entries(tensors)) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw badState(`strategy state tensor '${k}' must be an array of finite numbers`);
    out.tensors[k] = Float32Array.from(v);
  }
  return out;
}

/**
 * The state's tensors as `ModelWeights` (layout = tensor names, sorted, each of
 * shape [length]), so they can be stored with `serializeWeights`; keep `step` beside it.
 */
export function strategyStateToWeights(state: StrategyState): ModelWeights {
  const names = Object.keys(state.tensors).sort();
  const layout = names.map((name) => ({ name, shape: [state.tensors[name].length] }));
  const data = new Float32Array(layout.reduce((n, t) => n + t.shape[0], 0));
  let offset = 0;
  for (const name of names) {
    data.set(state.tensors[name], offset);
    offset += state.tensors[name].length;
  }
  return { layout, data };
}

/** Inverse of `strategyStateToWeights` (tensors are copies). */
export function strategyStateFromWeights(w: ModelWeights, step: number): StrategyState {
  const state: StrategyState = { step, tensors: {} };
  checkStep(state);
  let offset = 0;
  for (const t of w.layout) {
    if (t.shape.length !== 1) throw new WeightsError('WRONG_SHAPE', `state tensor '${t.name}' must be one-dimensional`);
    state.tensors[t.name] = w.data.slice(offset, offset + t.shape[0]);
    offset += t.shape[0];
  }
  if (offset !== w.data.length) throw new WeightsError('WRONG_SHAPE', `state layout has ${offset} entries, data ${w.data.length}`);
  return state;
}
