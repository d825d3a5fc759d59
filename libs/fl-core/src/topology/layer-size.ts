/**
 * @module topology/layer-size
 * What one layer contributes: its weights (name and shape, in TF.js's order)
 * and its output shape, from its config and its input shapes.
 */
import type { LayerConfig, Shape } from './layer-config';

export interface LayerSize {
  /** `[weight name, shape]`, e.g. `['kernel', [784, 10]]`. */
  weights: Array<[string, number[]]>;
  output: Shape;
}

/** Sizes one layer class. `inputs` has one shape per input tensor (merge layers have several). */
export type LayerRule = (c: LayerConfig, inputs: Shape[]) => LayerSize;
