/** Subpath entry `@fl/trainer-tfjs/node` (Node-only). */
export * from './dist/node';
