/**
 * @module @fl/fl-core
 * Platform-free federated learning core (no node:*, Nest, socket.io or
 * TF.js): model weights and their validating binary format, chunked
 * transport, streaming aggregation math, server strategies, client sampling
 * and data partitioning, the platform CSPRNG byte source. Depends on
 * `@fl/protocol` only.
 */
export * from './errors/weights-error';
export * from './errors/aggregation-error';
export * from './errors/invalid-argument-error';

export * from './weights/layout';
export * from './weights/finite';
export * from './weights/model-weights';
export * from './weights/format';
export * from './weights/serialize';
export * from './weights/deserialize';
export { decodeWeights } from './weights/decode';

export * from './transport/byte-target';
export * from './transport/chunks';

export * from './aggregation/aggregate-input';
export * from './aggregation/update-buffer';
export * from './aggregation/weighted-delta-sum';
export * from './aggregation/mean';
export * from './aggregation/fed-avg-weight';
export * from './aggregation/update-store';
export * from './aggregation/held-updates';
export * from './bounds';

export * from './strategies/strategy';
export * from './strategies/strategy-state';
export * from './strategies/fed-avg';
export * from './strategies/fed-prox';
export * from './strategies/fed-avgm';
export * from './strategies/fed-opt';
export * from './strategies/fed-adam';
export * from './strategies/fed-yogi';
export * from './strategies/fed-adagrad';
export * from './strategies/robust-requirements';
export * from './strategies/robust-strategy';
export * from './strategies/fed-median';
export * from './strategies/fed-trimmed-avg';
export * from './strategies/krum';
export * from './strategies/bulyan';
export * from './strategies/strategy.factory';

export * from './random/platform-random';
export * from './sampling/rng';
export * from './sampling/shuffle';
export * from './sampling/sample-cohort';
export * from './sampling/poisson-sample';
export * from './sampling/gamma';
export * from './partition/dirichlet';
export * from './partition/partition-spec';
export * from './partition/niid-partitions';
export * from './partition/partition-file';

export * from './kernels/backend';
export * from './kernels/simd-support';
export { trimKernelPool } from './kernels/kernel-pool';

export * from './topology';
