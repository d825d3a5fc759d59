/** Subpath entry `@fl/trainer-tfjs/data-spec`: the data-spec parser alone, without TF.js (cheap to load, e.g. on the coordinator's event loop). */
module.exports = require('./dist/node/data/data-spec');
