/** Node entry of @fl/secagg (`require('@fl/secagg/node')`): re-exports the built node:crypto fast paths. */
module.exports = require('./dist/node');
