import * as tf from '@tensorflow/tfjs';
import { checkTopologySize, topologySize } from './topology-size';
import { TopologyError } from './topology-error';

type Build = () => tf.LayersModel;
const seq = (layers: tf.layers.Layer[]): tf.LayersModel => tf.sequential({ layers });

/**
 * Known answers: TF.js's own countParams() and weight shapes for each model,
 * rebuilt from its JSON as the coordinator builds it (TF.js 4.22's
 * SeparableConv2D.getConfig drops depth_multiplier, so the rebuilt model is
 * what counts).
 */
const MODELS: Array<[string, Build]> = [
  ['Dense MLP', () => seq([tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tf.layers.dropout({ rate: 0.2 }), tf.layers.dense({ units: 10, useBias: false })])],
  ['Dense on rank-3 input', () => seq([tf.layers.dense({ inputShape: [5, 7], units: 3 })])],
  [
    'CNN (Conv2D, pooling, BatchNormalization, Flatten)',
    () =>
      seq([
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 16, kernelSize: [5, 3], strides: 2, padding: 'same' }),
        tf.layers.batchNormalization(),
        tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10 }),
      ]),
  ],
  [
    'dilated Conv2D, ZeroPadding, Cropping, UpSampling',
    () =>
      seq([
        tf.layers.zeroPadding2d({ inputShape: [12, 10, 3], padding: [[1, 2], [0, 3]] }),
        tf.layers.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2 }),
        tf.layers.cropping2D({ cropping: [[1, 0], [2, 1]] }),
        tf.layers.upSampling2d({ size: [2, 3] }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 2 }),
      ]),
  ],
  [
    'Conv1D (causal), pooling 1D, GlobalMaxPooling1D',
    () => seq([tf.layers.conv1d({ inputShape: [50, 6], filters: 12, kernelSize: 4, padding: 'causal' }), tf.layers.maxPooling1d({ poolSize: 3 }), tf.layers.conv1d({ filters: 5, kernelSize: 2, strides: 2 }), tf.layers.globalMaxPooling1d({}), tf.layers.dense({ units: 1 })]),
  ],
  [
    'DepthwiseConv2D, SeparableConv2D, Conv2DTranspose',
    () =>
      seq([
        tf.layers.depthwiseConv2d({ inputShape: [16, 16, 3], kernelSize: 3, depthMultiplier: 2 }),
        tf.layers.separableConv2d({ filters: 7, kernelSize: 3, depthMultiplier: 3, padding: 'same' }),
        tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2 }),
        tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2, padding: 'same' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3 }),
      ]),
  ],
  ['channels_first Conv2D', () => seq([tf.layers.conv2d({ inputShape: [3, 9, 9], filters: 4, kernelSize: 2, dataFormat: 'channelsFirst' }), tf.layers.flatten(), tf.layers.dense({ units: 2 })])],
  ['Embedding + LSTM', () => seq([tf.layers.embedding({ inputDim: 1000, outputDim: 32, inputLength: 20 }), tf.layers.lstm({ units: 24, returnSequences: true }), tf.layers.lstm({ units: 8 }), tf.layers.dense({ units: 1 })])],
  ['GRU + SimpleRNN', () => seq([tf.layers.gru({ inputShape: [7, 3], units: 5, returnSequences: true }), tf.layers.simpleRNN({ units: 4 }), tf.layers.dense({ units: 2 })])],
  ['Bidirectional LSTM + TimeDistributed Dense', () => seq([tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 6, returnSequences: true }) as tf.RNN, inputShape: [10, 4] }), tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3 }) })])],
  ['LayerNormalization, PReLU, Reshape, Permute, RepeatVector', () =>
    seq([
      tf.layers.dense({ inputShape: [12], units: 24 }),
      tf.layers.layerNormalization({}),
      tf.layers.prelu({}),
      tf.layers.reshape({ targetShape: [4, 6] }),
      tf.layers.permute({ dims: [2, 1] }),
      tf.layers.prelu({ sharedAxes: [1] }),
      tf.layers.flatten(),
      tf.layers.repeatVector({ n: 3 }),
      tf.layers.simpleRNN({ units: 2 }),
    ]),
  ],
  [
    'functional: shared Dense, Add, Concatenate',
    () => {
      const x = tf.input({ shape: [10] });
      const shared = tf.layers.dense({ units: 4 });
      const a = shared.apply(x) as tf.SymbolicTensor;
      const b = shared.apply(tf.layers.dense({ units: 10 }).apply(x) as tf.SymbolicTensor) as tf.SymbolicTensor;
      const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
      const cat = tf.layers.concatenate().apply([sum, x]) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2 }).apply(cat) as tf.SymbolicTensor });
    },
  ],
];

const shapes = (xs: Array<{ shape: number[] }>) => xs.map((w) => JSON.stringify(w.shape)).sort();

describe('topologySize', () => {
  it.each(MODELS)('%s: same parameter count and weight shapes as TF.js', async (_name, build) => {
    // Prepare
    const built = build();
    const json = built.toJSON(undefined, false);
    built.dispose();
    const model = await tf.models.modelFromJSON({ modelTopology: json } as tf.io.ModelJSON);
    // Execute
    const size = topologySize(json);
    // Assert
    expect(size.parameters).toBe(model.countParams());
    expect(shapes(size.layout)).toEqual(shapes(model.weights.map((w) => ({ shape: w.shape as number[] }))));
    expect(size.serializedBytes).toBeGreaterThan(4 * size.parameters);
    model.dispose();
  });

  it('accepts the { modelTopology } and Keras { model_config } wrappers', () => {
    const model = MODELS[0][1]();
    const json = model.toJSON(undefined, false);
    expect(topologySize({ modelTopology: json }).parameters).toBe(model.countParams());
    expect(topologySize({ model_config: json }).parameters).toBe(model.countParams());
    model.dispose();
  });

  it('sizes a 9000×9000 dense layer in milliseconds, and refuses it over 256 MiB', () => {
    // Prepare: 81,009,000 parameters, 324 MB: never built.
    const huge = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 9000, batch_input_shape: [null, 9000] } }] } };
    // Execute
    const t0 = performance.now();
    const size = topologySize(huge);
    let refusal: unknown;
    try {
      checkTopologySize(huge, 256 * 2 ** 20);
    } catch (e) {
      refusal = e;
    }
    // Assert
    expect(performance.now() - t0).toBeLessThan(50);
    expect(size.parameters).toBe(9000 * 9000 + 9000);
    expect(refusal).toBeInstanceOf(TopologyError);
    expect(refusal).toMatchObject({ code: 'MODEL_TOO_LARGE', message: expect.stringContaining('81,009,000 parameters') });
    expect(checkTopologySize(huge, 400 * 2 ** 20).parameters).toBe(81_009_000);
  });

  it.each([
    ['not an object', 'x', 'BAD_TOPOLOGY', 'JSON object'],
    ['unknown model class', { class_name: 'Graph', config: {} }, 'BAD_TOPOLOGY', 'Sequential, Model or Functional'],
    ['no input shape', { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 3 } }] } }, 'BAD_TOPOLOGY', 'batch_input_shape'],
    ['unknown layer class', { class_name: 'Sequential', config: { layers: [{ class_name: 'MyLayer', config: { name: 'm', batch_input_shape: [null, 3] } }] } }, 'UNSUPPORTED_LAYER', 'MyLayer'],
    ['bad units', { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: -1, batch_input_shape: [null, 3] } }] } }, 'BAD_TOPOLOGY', 'units'],
    ['unknown feature size', { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, null] } }] } }, 'BAD_TOPOLOGY', 'must be known'],
    ['absurd size', { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 2 ** 40, batch_input_shape: [null, 2 ** 40] } }] } }, 'MODEL_TOO_LARGE', 'parameters'],
    ['functional layer reading a missing layer', { class_name: 'Model', config: { layers: [{ name: 'd', class_name: 'Dense', config: { units: 2 }, inbound_nodes: [[['nope', 0, 0, {}]]] }] } }, 'BAD_TOPOLOGY', 'missing or part of a cycle'],
    ['Keras 3 inbound nodes', { class_name: 'Functional', config: { layers: [{ name: 'd', class_name: 'Dense', config: { units: 2 }, inbound_nodes: [{ args: [] }] }] } }, 'BAD_TOPOLOGY', 'inbound node'],
  ])('refuses %s with a code and a message', (_what, topology, code, message) => {
    expect(() => topologySize(topology)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });
});
