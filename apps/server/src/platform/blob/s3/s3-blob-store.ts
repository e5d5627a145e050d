import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { assertSha256, hashFile, type BlobStore } from '../types.js';
import { isNotFound, type Bucket } from './client.js';
import { streamToKey } from './upload.js';
import { createHash } from 'node:crypto';

/**
 * Uploaded files (ATT&CK bundles, Atomic Red Team and archive uploads, generated reports) in
 * the bucket under `<prefix>blobs/<sha256>`, so app processes share nothing on disk.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  constructor(readonly bucket: Bucket) {}

  private keyOf(sha256: string): string {
    return this.bucket.key('blobs', assertSha256(sha256));
  }

  async put(data: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const key = this.keyOf(sha256);
    if (!(await this.bucket.exists(key))) {
      await this.bucket.client.send(
        new PutObjectCommand({ Bucket: this.bucket.name, Key: key, Body: data }),
      );
    }
    return { sha256, size: data.length };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const stream = await this.createReadStream(sha256);
    if (!stream) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** Hashes the file first (the key is its hash), then streams it up; the temp file is removed. */
  async putFile(tempPath: string): Promise<{ sha256: string; size: number }> {
    try {
      const { sha256, size } = await hashFile(tempPath);
      const key = this.keyOf(sha256);
      if (!(await this.bucket.exists(key))) {
        await streamToKey(this.bucket, key, createReadStream(tempPath) as AsyncIterable<Buffer>);
      }
      return { sha256, size };
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  async createReadStream(sha256: string): Promise<Readable | undefined> {
    try {
      const res = await this.bucket.client.send(
        new GetObjectCommand({ Bucket: this.bucket.name, Key: this.keyOf(sha256) }),
      );
      return res.Body as Readable | undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  has(sha256: string): Promise<boolean> {
    return this.bucket.exists(this.keyOf(sha256));
  }

  delete(sha256: string): Promise<void> {
    return this.bucket.remove(this.keyOf(sha256));
  }

  async wipe(): Promise<void> {
    await this.bucket.removeAll(this.bucket.key('blobs/'));
  }
}
