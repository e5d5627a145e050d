import { readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { assertSha256, type BlobStore } from './types.js';

export class MemoryBlobStore implements BlobStore {
  readonly kind = 'memory';
  private readonly blobs = new Map<string, Buffer>();

  /** How many blobs are held (tests check that nothing stays behind). */
  get count(): number {
    return this.blobs.size;
  }

  async put(data: Buffer) {
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (!this.blobs.has(sha256)) this.blobs.set(sha256, Buffer.from(data));
    return { sha256, size: data.length };
  }
  async putFile(tempPath: string) {
    const data = await readFile(tempPath);
    await rm(tempPath, { force: true });
    return this.put(data);
  }
  async createReadStream(sha256: string) {
    const data = this.blobs.get(assertSha256(sha256));
    return data ? Readable.from([data]) : undefined;
  }
  async get(sha256: string) {
    return this.blobs.get(assertSha256(sha256));
  }
  async has(sha256: string) {
    return this.blobs.has(assertSha256(sha256));
  }
  async delete(sha256: string) {
    this.blobs.delete(assertSha256(sha256));
  }
  async wipe() {
    this.blobs.clear();
  }
}
