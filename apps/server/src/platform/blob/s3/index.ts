import type { S3Env } from '../../../env.js';
import { Bucket, s3Client } from './client.js';
import { S3BlobStore } from './s3-blob-store.js';
import { S3EvidenceStore } from './s3-evidence-store.js';

export { S3BlobStore } from './s3-blob-store.js';
export { S3EvidenceStore } from './s3-evidence-store.js';

/** The evidence and blob stores of one bucket (EVIDENCE_STORE=s3). */
export function s3Stores(cfg: S3Env): { evidence: S3EvidenceStore; blobs: S3BlobStore } {
  const bucket = new Bucket(s3Client(cfg), cfg.bucket, cfg.prefix);
  return { evidence: new S3EvidenceStore(bucket, cfg.presign), blobs: new S3BlobStore(bucket) };
}
