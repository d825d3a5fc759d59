import { kernelBackend, setKernelBackend } from './backend';
import { wasmSimdSupported } from './simd-support';

describe(setKernelBackend.name, () => {
  afterEach(() => setKernelBackend('auto'));

  it('defaults to wasm where SIMD is supported (Node ≥ 16.4) and can be forced either way', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(kernelBackend()).toBe('wasm');
    setKernelBackend('js');
    expect(kernelBackend()).toBe('js');
    setKernelBackend('wasm');
    expect(kernelBackend()).toBe('wasm');
  });

  it('refuses an unknown backend with INVALID_ARGUMENT', () => {
    expect(() => setKernelBackend('gpu' as 'js')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(kernelBackend()).toBe('wasm');
  });
});

describe(wasmSimdSupported.name, () => {
  it('is false without WebAssembly; the backend then falls back to JS and refuses to be forced to wasm', () => {
    const saved = globalThis.WebAssembly;
    try {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
      jest.isolateModules(() => {
        const simd = require('./simd-support') as typeof import('./simd-support');
        const backend = require('./backend') as typeof import('./backend');
        expect(simd.wasmSimdSupported()).toBe(false);
        expect(backend.kernelBackend()).toBe('js');
        expect(() => backend.setKernelBackend('wasm')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      });
    } finally {
      globalThis.WebAssembly = saved;
    }
  });
});
