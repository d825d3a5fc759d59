/** Subpath entry `@fl/fl-core/node` (Node-only): re-exports the compiled `dist/node`. */
module.exports = require('./dist/node');
