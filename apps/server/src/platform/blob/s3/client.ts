import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Env } from '../../../env.js';

/**
 * The S3 client of a bucket. Credentials come from the SDK's default chain (AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY, profiles, instance roles). Checksums only where the API requires them:
 * S3-compatible servers (MinIO, Ceph, s3rver) do not all accept the SDK's newer default ones.
 */
export function s3Client(cfg: S3Env): S3Client {
  return new S3Client({
    region: cfg.region,
    endpoint: cfg.endpoint,
    forcePathStyle: cfg.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/** A 404 from S3 (NotFound on HEAD, NoSuchKey on GET). */
export function isNotFound(err: unknown): boolean {
  if (!(err instanceof S3ServiceException)) return false;
  return (
    err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404
  );
}

/** Bucket and key prefix, with the small operations both stores need. */
export class Bucket {
  constructor(
    readonly client: S3Client,
    readonly name: string,
    readonly prefix: string,
  ) {}

  key(...parts: string[]): string {
    return `${this.prefix}${parts.join('/')}`;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.name, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  /** Every key under `prefix` with its last-modified time (paged). */
  async *list(
    prefix: string,
  ): AsyncGenerator<{ key: string; modified: Date | undefined; size: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key) yield { key: o.Key, modified: o.LastModified, size: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Deletes every key under `prefix`, one at a time (test-mode reset and sweeps only). */
  async removeAll(prefix: string): Promise<number> {
    let n = 0;
    for await (const o of this.list(prefix)) {
      await this.remove(o.key);
      n += 1;
    }
    return n;
  }
}
