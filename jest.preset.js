/**
 * Shared Jest preset: @swc/jest with decorator metadata (NestJS), and
 * `@fl/<lib>` imports resolved to the libs' TypeScript sources so unit tests
 * never depend on a prior build.
 */
const path = require('node:path');
const root = __dirname;
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@fl/([a-z-]+)$': path.join(root, 'libs/$1/src/index.ts'),
    '^@fl/([a-z-]+)/node$': path.join(root, 'libs/$1/src/node.ts'),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
