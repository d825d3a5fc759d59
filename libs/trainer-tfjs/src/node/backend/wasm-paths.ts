/**
 * @module node/backend/wasm-paths
 * Points the wasm backend at its binaries inside node_modules (resolved with
 * `require.resolve`, so any install layout works). All three builds are
 * given; the backend picks threaded-SIMD, SIMD or plain by what the runtime
 * supports (Node 20: SIMD, no threads without workers).
 */
import * as path from 'node:path';

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

/** Absolute path of each wasm binary, keyed by file name. */
export function wasmFileMap(): Record<string, string> {
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  return Object.fromEntries(WASM_FILES.map((f) => [f, path.join(dir, f)]));
}
