module.exports = { ...require('../../jest.preset.js'), displayName: 'edge-client', rootDir: __dirname };
