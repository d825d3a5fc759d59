module.exports = { ...require('../../jest.preset.js'), displayName: 'secagg', rootDir: __dirname };
