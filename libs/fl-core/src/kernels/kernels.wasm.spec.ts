import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBase64 } from './base64';
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

describe('kernels.wasm.ts', () => {
  it('is up to date with kernels.wat (else run node libs/fl-core/scripts/build-kernels.js)', async () => {
    const wabt = await (require('wabt') as () => Promise<{ parseWat: (name: string, text: string, f: object) => WabtModule }>)();
    const mod = wabt.parseWat('kernels.wat', readFileSync(join(__dirname, 'kernels.wat'), 'utf8'), { simd: true });
    try {
      mod.resolveNames();
      mod.validate();
      const { buffer } = mod.toBinary({ canonicalize_lebs: true, write_debug_names: false });
      expect(Array.from(decodeBase64(KERNELS_WASM_BASE64))).toEqual(Array.from(buffer));
    } finally {
      mod.destroy();
    }
  });
});

interface WabtModule {
  resolveNames(): void;
  validate(): void;
  toBinary(o: object): { buffer: Uint8Array };
  destroy(): void;
}
