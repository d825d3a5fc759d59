module.exports = { ...require('../../jest.preset.js'), displayName: 'cli-options', rootDir: __dirname };
