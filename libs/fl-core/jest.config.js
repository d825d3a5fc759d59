module.exports = { ...require('../../jest.preset.js'), displayName: 'fl-core', rootDir: __dirname };
