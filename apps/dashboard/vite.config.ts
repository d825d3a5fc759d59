/**
 * Vite 7 build of the dashboard (served by the coordinator at `/`) and its
 * Vitest 3 unit tests. `@fl/api-client` and `@fl/protocol` are compiled from
 * their TypeScript sources, so the bundle tree-shakes them; Preact's JSX
 * runtime needs no plugin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (p: string) => fileURLToPath(new URL(`../../libs/${p}`, import.meta.url));

export default defineConfig({
  base: '/',
  resolve: {
    alias: {
      '@fl/api-client': lib('api-client/src/index.ts'),
      '@fl/protocol': lib('protocol/src/index.ts'),
    },
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true, chunkSizeWarningLimit: 150 },
  test: { include: ['src/**/*.spec.ts'], environment: 'node' },
});
