/** Subpath entry `@fl/trainer-tfjs/node` (Node-only): re-exports the compiled `dist/node`. */
module.exports = require('./dist/node');
