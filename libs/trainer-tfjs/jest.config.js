module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'trainer-tfjs',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/jest.setup.js'],
  // TF.js keeps its engine on globalThis; Jest's soft cleanup of globals between files only produces warnings.
  testEnvironmentOptions: { globalsCleanup: 'off' },
};
