/**
 * @module topology/layer-rules
 * Every layer class the size check knows, by `class_name`: those with
 * weights, those without, and the wrappers Bidirectional (two copies of its
 * RNN, outputs merged) and TimeDistributed (its layer on each time step). A
 * class not listed here is refused with UNSUPPORTED_LAYER rather than guessed
 * at: an unknown class could own weights of any size.
 */
import { LayerConfig, type Shape } from './layer-config';
import type { LayerRule, LayerSize } from './layer-size';
import { SHAPE_LAYERS } from './shape-layers';
import { TopologyError } from './topology-error';
import { WEIGHTED_LAYERS } from './weighted-layers';

function bidirectional(c: LayerConfig, xs: Shape[]): LayerSize {
  const inner = c.inner();
  const one = sizeLayer(inner, xs);
  const mode = c.get('merge_mode') === undefined ? 'concat' : c.get('merge_mode');
  if (!['concat', 'sum', 'mul', 'ave'].includes(mode as string)) c.bad(`merge_mode must be concat, sum, mul or ave (got ${JSON.stringify(mode)})`);
  const output = [...one.output];
  if (mode === 'concat') output[output.length - 1] = 2 * (output[output.length - 1] as number);
  const weights = [...one.weights.map(([n, s]): [string, number[]] => [`forward/${n}`, s]), ...one.weights.map(([n, s]): [string, number[]] => [`backward/${n}`, s])];
  return { weights, output };
}

function timeDistributed(c: LayerConfig, [x]: Shape[]): LayerSize {
  if (x.length < 3) c.bad(`expects an input of rank 3 or more, got ${JSON.stringify(x)}`);
  const one = sizeLayer(c.inner(), [[x[0], ...x.slice(2)]]);
  return { weights: one.weights, output: [one.output[0], x[1], ...one.output.slice(1)] };
}

export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  ...WEIGHTED_LAYERS,
  ...SHAPE_LAYERS,
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
};

/** The layer classes {@link sizeLayer} knows (InputLayer aside). */
export const SUPPORTED_LAYERS: readonly string[] = Object.keys(LAYER_RULES).sort();

/** @throws TopologyError UNSUPPORTED_LAYER for a class not in {@link LAYER_RULES}, BAD_TOPOLOGY for a bad config or shape */
export function sizeLayer(c: LayerConfig, inputs: Shape[]): LayerSize {
  const rule = Object.prototype.hasOwnProperty.call(LAYER_RULES, c.className) ? LAYER_RULES[c.className] : undefined;
  if (!rule)
    throw new TopologyError(
      'UNSUPPORTED_LAYER',
      `layer ${c.name}: class ${JSON.stringify(c.className).slice(0, 100)} is not one the coordinator can size before building (supported: ${SUPPORTED_LAYERS.join(', ')})`,
    );
  return rule(c, inputs);
}
