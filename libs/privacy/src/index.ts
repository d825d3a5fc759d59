/**
 * @module @fl/privacy
 * Differential privacy for federated learning, framework-free: the RDP
 * accountant (Poisson-subsampled Gaussian, Mironov–Talwar–Zhang 2019;
 * distributed discrete Gaussian, Kairouz–Liu–Steinke ICML 2021) with the
 * (ε, δ) conversion of the reference libraries, noise calibration, exact
 * discrete Gaussian sampling (Canonne–Kamath–Steinke NeurIPS 2020), the
 * client-side chain for distributed DP under secure aggregation, and adaptive
 * clipping (Andrew et al. NeurIPS 2021). See docs/privacy.md.
 */
export { PrivacyError, PrivacyErrorCode } from './errors';
export * from './orders';
export { logAdd, logSub, logSumExp, logErfc, erfc } from './special';
export * from './rdp-gaussian';
export * from './rdp-ddgauss';
export * from './rdp-conversion';
export * from './accountant';
export * from './calibrate';
export * from './random-bits';
export * from './rational';
export * from './bernoulli';
export * from './discrete-laplace';
export * from './discrete-gaussian';
export * from './clip';
export * from './hadamard';
export * from './rounding';
export * from './modular';
export * from './fit';
export * from './ddg-chain';
export * from './ddg-range';
export * from './adaptive-clipping';
export * from './central-noise';
