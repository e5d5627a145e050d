/** Content-addressed storage for evidence and generated files (key = SHA-256 hex). */
export interface BlobStore {
  readonly kind: 'fs' | 'memory';
  /** Stores the bytes; returns their SHA-256. Storing the same bytes twice is a no-op. */
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Removes every blob (test mode reset). */
  wipe(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(value: string): string {
  if (!SHA256_HEX.test(value)) throw new Error('blob key must be a lowercase SHA-256 hex digest');
  return value;
}
