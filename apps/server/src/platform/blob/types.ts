import { createHash } from 'node:crypto';
import { createReadStream as createFsReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
/** Content-addressed storage for evidence and generated files (key = SHA-256 hex). */
export interface BlobStore {
  readonly kind: 'fs' | 's3' | 'memory';
  /** Stores the bytes; returns their SHA-256. Storing the same bytes twice is a no-op. */
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | undefined>;
  /**
   * Moves (or copies) a finished temp file into storage, hashing it as a stream; the
   * temp file is gone afterwards. Never holds the file in memory (the memory store aside).
   */
  putFile(tempPath: string): Promise<{ sha256: string; size: number }>;
  /** A stream of a blob's bytes, or undefined when there is no such blob. */
  createReadStream(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
  /**
   * The blob as a file on this machine's disk, to read in place (random access, no copy), or
   * undefined when the store keeps it elsewhere (memory, a bucket) or holds no such blob.
   * The file must be opened before the blob may be deleted.
   */
  localPath?(sha256: string): Promise<string | undefined>;
  delete(sha256: string): Promise<void>;
  /** Removes every blob (test mode reset). */
  wipe(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(value: string): string {
  if (!SHA256_HEX.test(value)) throw new Error('blob key must be a lowercase SHA-256 hex digest');
  return value;
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createFsReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
