/**
 * @module persistence/blob-store
 * Content-addressed model files: `<dataDir>/models/<hash>`, where the name is
 * the model hash (`@fl/fl-core/node` `modelHash`) of the content. A write
 * goes to a temporary file that is fsynced and renamed into place, so a crash
 * leaves either the whole blob or none. Every read re-hashes the bytes and
 * refuses a blob whose content does not match its name (BLOB_CORRUPT).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { modelHash } from '@fl/fl-core/node';
import { StorageError } from './sql/engine';

const HASH = /^[0-9a-f]{16,128}$/;

export class BlobStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'models');
    mkdirSync(this.dir, { recursive: true });
  }

  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new StorageError('BLOB_MISSING', `not a model hash: ${JSON.stringify(hash)}`);
    return join(this.dir, hash);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Writes the blob unless it is already there (same name ⇒ same content). */
  put(hash: string, bytes: Uint8Array): void {
    const path = this.pathOf(hash);
    if (existsSync(path)) return;
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }

  /** The blob's bytes, verified. @throws StorageError BLOB_MISSING | BLOB_CORRUPT */
  get(hash: string): Uint8Array {
    const path = this.pathOf(hash);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new StorageError('BLOB_MISSING', `model blob ${path} is missing`);
    }
    const actual = modelHash(bytes);
    if (actual !== hash) throw new StorageError('BLOB_CORRUPT', `model blob ${path} is corrupt: its content hashes to ${actual}, not ${hash}`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  delete(hash: string): void {
    rmSync(this.pathOf(hash), { force: true });
  }
}
