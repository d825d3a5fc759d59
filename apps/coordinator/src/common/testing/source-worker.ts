/**
 * @module common/testing/source-worker
 * Worker threads run JavaScript files, so a spec that ran `dist/…worker.js`
 * would test whatever was built last, not the sources under test. This
 * returns a small bootstrap file that runs the worker's TypeScript source
 * instead: it compiles `.ts` on require with @swc/core (as the Jest preset
 * does) and resolves `@fl/<lib>` and `@fl/<lib>/node` to the libs' sources.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../../..');
const SRC = resolve(__dirname, '..', '..');

const BOOT = (entry: string) => `
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
const root = ${JSON.stringify(ROOT)};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@fl\\/([a-z-]+)(\\/node)?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] ? 'node.ts' : 'index.ts');
  return resolveFilename.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
module.exports = require(${JSON.stringify(entry)});
`;

/** A file that runs (and, required, exports) the worker source `rel` (relative to the app's `src/`, e.g. `aggregation/aggregate.worker.ts`). */
export function sourceWorker(rel: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fl-source-worker-')), rel.replace(/[/.]/g, '_') + '.js');
  writeFileSync(file, BOOT(join(SRC, rel)));
  return file;
}
