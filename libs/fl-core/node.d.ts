/** Subpath entry `@fl/fl-core/node` (Node-only). */
export * from './dist/node';
