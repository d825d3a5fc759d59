/**
 * @module node/backend/select-backend
 * Chooses the TF.js backend of a Node edge client. `auto` tries, in order:
 *
 * 1. `tensorflow`: `@tensorflow/tfjs-node` (native libtensorflow; an optional
 *    dependency that may be missing, so it is required inside try/catch);
 * 2. `wasm`: `@tensorflow/tfjs-backend-wasm` (SIMD build under Node) plus the
 *    gradient kernels it lacks (`node/wasm/register-wasm-kernels`);
 * 3. `cpu`: the pure-JS backend (always available, slowest).
 *
 * Forcing one that cannot load throws BACKEND_UNAVAILABLE with the reason.
 * The function returns the backend; logging the choice is the caller's job.
 */
import * as tf from '@tensorflow/tfjs';
import { Backend } from '@fl/protocol';
import { TrainerError } from '../../errors';
import { registerWasmGradientKernels } from '../wasm/register-wasm-kernels';
import { silenceTfjsBanner } from './quiet-tfjs';
import { wasmFileMap } from './wasm-paths';

export const BACKEND_PREFERENCES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];
export type TrainingBackend = Exclude<Backend, typeof Backend.None>;

let wasmPathsSet = false;

async function activate(name: TrainingBackend): Promise<void> {
  if (name === Backend.Node) {
    // Registers the 'tensorflow' backend with the shared tfjs-core on import.
    require('@tensorflow/tfjs-node');
  } else if (name === Backend.Wasm) {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      try {
        wasm.setWasmPaths(wasmFileMap());
      } catch (e) {
        // Someone initialised wasm before us, with their own paths: keep them.
        if (!/already initialized/i.test((e as Error).message)) throw e;
      }
      wasmPathsSet = true;
    }
    registerWasmGradientKernels();
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
}

/**
 * Activates a backend.
 * @example const backend = await selectBackend('auto'); logger.log(`TF.js backend: ${backend}`);
 * @throws TrainerError BACKEND_UNAVAILABLE when a forced backend cannot load,
 *   INVALID_ARGUMENT for an unknown preference.
 */
export async function selectBackend(pref: BackendPreference = 'auto'): Promise<TrainingBackend> {
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(pref))
    throw new TrainerError('INVALID_ARGUMENT', `backend must be one of ${BACKEND_PREFERENCES.join(', ')} (got ${JSON.stringify(pref)})`);
  const order: TrainingBackend[] = pref === 'auto' ? [Backend.Node, Backend.Wasm, Backend.Cpu] : [pref];
  const failures: string[] = [];
  for (const name of order) {
    try {
      await activate(name);
      silenceTfjsBanner();
      return name;
    } catch (e) {
      const reason = (e as Error).message?.split('\n')[0] ?? String(e);
      failures.push(`${name}: ${reason}`);
      if (pref !== 'auto') {
        const hint = name === Backend.Node ? ' (install @tensorflow/tfjs-node, or use --backend wasm)' : '';
        throw new TrainerError('BACKEND_UNAVAILABLE', `TF.js backend '${name}' cannot be loaded${hint}: ${reason}`, { cause: e });
      }
    }
  }
  throw new TrainerError('BACKEND_UNAVAILABLE', `no TF.js backend could be loaded (${failures.join('; ')})`);
}

/** The active backend and, for wasm, which build runs. */
export async function backendInfo(): Promise<{ backend: string; simd?: boolean; threads?: boolean }> {
  const backend = tf.getBackend();
  if (backend !== Backend.Wasm) return { backend };
  return {
    backend,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
}
