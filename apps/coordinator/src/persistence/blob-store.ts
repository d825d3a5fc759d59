/**
 * @module persistence/blob-store
 * Content-addressed model files: `<dataDir>/models/<hash>`, where the name is
 * the model hash (`@fl/fl-core/node` `modelHash`) of the content. A write
 * goes to a temporary file that is fsynced and renamed into place, so a crash
 * leaves either the whole blob or none. Every read re-hashes the bytes and
 * refuses a blob whose content does not match its name (BLOB_CORRUPT).
 * File I/O (and the fsync above all) runs on libuv's thread pool, never on the
 * event loop: a round saving a 40 MB model must not stall every socket.
 */
import { mkdirSync } from 'node:fs';
import { access, open, readFile, rename, rm } from 'node:fs/promises';
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

  async has(hash: string): Promise<boolean> {
    return access(this.pathOf(hash)).then(
      () => true,
      () => false,
    );
  }

  /** Writes the blob unless it is already there (same name ⇒ same content). */
  async put(hash: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(hash);
    if (await this.has(hash)) return;
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(tmp, 'w');
    try {
      for (let off = 0; off < bytes.byteLength; ) off += (await file.write(bytes, off)).bytesWritten;
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  }

  /** The blob's bytes, verified. @throws StorageError BLOB_MISSING | BLOB_CORRUPT */
  async get(hash: string): Promise<Uint8Array> {
    const path = this.pathOf(hash);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw new StorageError('BLOB_MISSING', `model blob ${path} is missing`);
    }
    const actual = modelHash(bytes);
    if (actual !== hash) throw new StorageError('BLOB_CORRUPT', `model blob ${path} is corrupt: its content hashes to ${actual}, not ${hash}`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }
}
