/**
 * @module topology/topology-size
 * The parameter count and serialized size of a TF.js Layers model, read from
 * its JSON topology alone: no TF.js, no tensor, only arithmetic over the
 * layer configs, so a topology of any size is sized in well under a
 * millisecond per layer and an oversized one refused before anything is
 * built. Shapes are inferred from the input shapes (`batch_input_shape` of
 * the first layer or the InputLayers) through each layer's rule
 * ({@link sizeLayer}).
 *
 * Accepts what `@fl/trainer-tfjs` `buildModel` accepts: a bare topology
 * (`{ class_name, config }`), `{ modelTopology }` or Keras `{ model_config }`,
 * of class `Sequential` or `Model` / `Functional` (inbound nodes in the
 * TF.js / Keras 2 list form).
 */
import type { TensorSpec } from '@fl/protocol';
import { dataOffset, encodeHeader } from '../weights/format';
import { isRecord, LayerConfig, type Shape } from './layer-config';
import { sizeLayer } from './layer-rules';
import { TopologyError } from './topology-error';

export interface TopologySize {
  /** What `model.countParams()` would say: every weight, trainable or not. */
  parameters: number;
  /** The weights in model order (`<layer>/<weight>`), as the coordinator's layout will list them. */
  layout: TensorSpec[];
  /** Bytes of the FLW1 blob of these weights (header + float32 data). */
  serializedBytes: number;
}

/** More layers than this is refused (a 2 MiB topology holds a few thousand). */
export const MAX_TOPOLOGY_LAYERS = 10_000;

const bad = (message: string): never => {
  throw new TopologyError('BAD_TOPOLOGY', message);
};

class Sizer {
  readonly layout: TensorSpec[] = [];
  parameters = 0;

  add(layer: string, weights: Array<[string, number[]]>): void {
    for (const [name, shape] of weights) {
      const n = shape.reduce((a, b) => a * b, 1);
      this.parameters += n;
      if (!Number.isSafeInteger(this.parameters)) throw new TopologyError('MODEL_TOO_LARGE', `the model has more than ${Number.MAX_SAFE_INTEGER} parameters`);
      this.layout.push({ name: `${layer}/${name}`, shape });
    }
  }
}

function layerOf(raw: unknown, where: string): LayerConfig {
  if (!isRecord(raw) || typeof raw.class_name !== 'string' || !isRecord(raw.config)) return bad(`${where} must be { class_name, config }`);
  const config = raw.config as Record<string, unknown>;
  const name = typeof raw.name === 'string' ? raw.name : typeof config.name === 'string' ? config.name : where;
  return new LayerConfig(raw.class_name as string, name.slice(0, 200), config);
}

function sequential(config: unknown, s: Sizer): void {
  const layers = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) bad('Sequential: config.layers must be a non-empty array');
  if ((layers as unknown[]).length > MAX_TOPOLOGY_LAYERS) bad(`the topology has more than ${MAX_TOPOLOGY_LAYERS} layers`);
  let shape: Shape | null = null;
  (layers as unknown[]).forEach((raw, i) => {
    const c = layerOf(raw, `layers[${i}]`);
    if (i === 0) shape = c.inputShape();
    if (c.className === 'InputLayer') {
      if (i !== 0) c.bad('an InputLayer can only come first in a Sequential model');
      return;
    }
    if (shape === null) return c.bad('the first layer needs batch_input_shape (or input_shape) to size the model');
    const out = sizeLayer(c, [shape]);
    s.add(c.name, out.weights);
    shape = out.output;
  });
}

/** `inbound_nodes` of a functional layer: per call, the `[layer, node, tensor]` it reads. */
function inboundNodes(c: LayerConfig, raw: unknown): Array<Array<[string, number, number]>> {
  if (!Array.isArray(raw)) return c.bad('inbound_nodes must be an array');
  return raw.map((node) => {
    if (!Array.isArray(node) || node.length === 0) return c.bad('each inbound node must be a non-empty list of [layer, node index, tensor index]');
    return node.map((ref) => {
      if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !Number.isSafeInteger(ref[1]) || !Number.isSafeInteger(ref[2]))
        return c.bad(`inbound node ${JSON.stringify(ref).slice(0, 100)} is not [layer, node index, tensor index, kwargs] (Keras 3 topologies are not supported)`);
      return [ref[0], ref[1], ref[2]] as [string, number, number];
    });
  });
}

function functional(config: unknown, s: Sizer): void {
  if (!isRecord(config) || !Array.isArray(config.layers) || config.layers.length === 0) return bad('Model: config.layers must be a non-empty array');
  const layers = config.layers as unknown[];
  if (layers.length > MAX_TOPOLOGY_LAYERS) bad(`the topology has more than ${MAX_TOPOLOGY_LAYERS} layers`);
  /** Output shape of `layer#node`. */
  const outputs = new Map<string, Shape>();
  let pending = layers.map((raw, i) => ({ c: layerOf(raw, `layers[${i}]`), raw: raw as Record<string, unknown>, done: 0, counted: false }));
  // Layers are saved in topological order, so one pass suffices; a few more tolerate a hand-written order.
  for (let pass = 0; pending.length > 0; pass++) {
    if (pass >= 8) bad(`cannot resolve the inputs of layer ${pending[0].c.name}: it reads a layer that is missing or part of a cycle`);
    for (const p of pending) {
      if (p.c.className === 'InputLayer') {
        const shape = p.c.inputShape() ?? p.c.bad('an InputLayer needs batch_input_shape');
        outputs.set(`${p.c.name}#0`, shape);
        p.done = 1;
        continue;
      }
      const nodes = inboundNodes(p.c, p.raw.inbound_nodes);
      if (nodes.length === 0) p.c.bad('a layer of a functional model needs inbound_nodes');
      for (; p.done < nodes.length; p.done++) {
        const inputs = nodes[p.done].map(([l, n]) => outputs.get(`${l}#${n}`));
        if (inputs.some((x) => x === undefined)) break;
        const out = sizeLayer(p.c, inputs as Shape[]);
        if (!p.counted) s.add(p.c.name, out.weights); // a shared layer owns its weights once
        p.counted = true;
        outputs.set(`${p.c.name}#${p.done}`, out.output);
      }
    }
    pending = pending.filter((p) => p.c.className !== 'InputLayer' && p.done < inboundNodes(p.c, p.raw.inbound_nodes).length);
  }
}

/**
 * Sizes a Layers topology without building it.
 * @throws TopologyError BAD_TOPOLOGY (malformed, shape not inferable), UNSUPPORTED_LAYER (a class it does not know)
 * @example topologySize(model.toJSON(null, false)).parameters === model.countParams()
 */
export function topologySize(layers: unknown): TopologySize {
  if (!isRecord(layers)) return bad('the topology must be a JSON object (the output of model.toJSON())');
  const topology = isRecord(layers.modelTopology) ? layers.modelTopology : layers;
  const inner = isRecord(topology.model_config) ? topology.model_config : topology;
  const s = new Sizer();
  switch (inner.class_name) {
    case 'Sequential':
      sequential(inner.config, s);
      break;
    case 'Model':
    case 'Functional':
      functional(inner.config, s);
      break;
    default:
      bad(`the topology's class_name must be Sequential, Model or Functional (got ${JSON.stringify(inner.class_name)?.slice(0, 100)})`);
  }
  return { parameters: s.parameters, layout: s.layout, serializedBytes: dataOffset(encodeHeader(s.layout).length) + 4 * s.parameters };
}

/** `81009000` → `81,009,000` (no Intl: its first call loads locale data, ~100 ms). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * {@link topologySize}, refusing a model whose serialized weights would exceed `maxBytes`.
 * @throws TopologyError MODEL_TOO_LARGE, or as topologySize
 */
export function checkTopologySize(layers: unknown, maxBytes: number): TopologySize {
  const size = topologySize(layers);
  if (size.serializedBytes > maxBytes)
    throw new TopologyError(
      'MODEL_TOO_LARGE',
      `the model has ${grouped(size.parameters)} parameters, ${(size.serializedBytes / 2 ** 20).toFixed(1)} MiB serialized, above the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit (MAX_MODEL_BYTES)`,
    );
  return size;
}
