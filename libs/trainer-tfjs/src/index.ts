/**
 * @module @fl/trainer-tfjs
 * Platform-free TF.js training for federated clients: built-in models and
 * Layers-JSON models, model ⇄ flat weights (`ModelWeights` of fl-core),
 * seeded initial weights, local training with the FedProx term, evaluation,
 * and the in-memory `Dataset`. Imports only `@tensorflow/tfjs`,
 * `@fl/protocol` and `@fl/fl-core`; the Node entry `@fl/trainer-tfjs/node`
 * adds backend selection and data loaders.
 */
export * from './errors';
export { type Dataset, checkDataset, featureSize, subset, head } from './data/dataset';
export { permutation } from './data/shuffle';
export { trainTestSplit, testCount } from './data/split';
export { TRAINABLE_BUILTINS, type TrainableBuiltin, MNIST_INPUT_SHAPE, createBuiltinModel } from './model/builtin-models';
export { buildModel, checkModelSpec, type TrainableModelSpec } from './model/build-model';
export { modelLayout, getModelWeights, setModelWeights } from './weights/model-weights';
export { initialWeights, seededWeights, initRule, fans, type InitRule } from './weights/initial-weights';
export { fitLocal, type FitOptions, type FitResult, type EpochReport } from './train/fit-local';
export { evaluate, type EvalResult } from './train/evaluate';
export { checkHyper, createOptimizer, DEFAULT_HYPER, LOCAL_OPTIMIZERS, type LocalOptimizer } from './train/hyper';
export { proximalTerm, snapshotAnchors } from './train/proximal';
export { outputKind, type OutputKind } from './train/model-io';
