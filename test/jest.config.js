/**
 * Cross-app end-to-end tests: real coordinator, real socket.io clients.
 * `npm run test:e2e` (runs in band).
 */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
