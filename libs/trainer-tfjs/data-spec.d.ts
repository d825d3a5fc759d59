/** Subpath entry `@fl/trainer-tfjs/data-spec` (parser only, no TF.js). */
export * from './dist/node/data/data-spec';
