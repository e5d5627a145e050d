import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  assertEvidenceKey,
  evidenceTooLarge,
  type EvidenceKey,
  type EvidenceSource,
  type EvidenceStore,
  type StagedEvidence,
  type StoredEvidence,
} from '../evidence-store.js';
import { isNotFound, type Bucket } from './client.js';
import { streamToKey } from './upload.js';

/** Presigned download links live this long. */
const PRESIGN_SECONDS = 60;

/**
 * Evidence in an S3-compatible bucket, laid out as the filesystem store is:
 * `<prefix>evidence/<mission>/<test>/<sha256><ext>`. An upload streams (multipart, hashed chunk
 * by chunk, stopped at the cap) to `<prefix>staging/<random>.part`; commit copies it to its
 * content address server-side and deletes the staged object. A failed or aborted upload
 * leaves nothing: the multipart upload is aborted and the staged key deleted.
 */
export class S3EvidenceStore implements EvidenceStore {
  readonly kind = 's3';
  constructor(
    readonly bucket: Bucket,
    private readonly presign = false,
  ) {}

  private objectKey(key: EvidenceKey): string {
    const k = assertEvidenceKey(key);
    return this.bucket.key('evidence', k.missionId, k.testId, `${k.sha256}${k.ext}`);
  }

  async check(): Promise<void> {
    await this.bucket.client.send(new HeadBucketCommand({ Bucket: this.bucket.name }));
  }

  async stage(source: EvidenceSource, opts: { maxBytes: number }): Promise<StagedEvidence> {
    const staged = this.bucket.key('staging', `${randomBytes(12).toString('hex')}.part`);
    const { sha256, size } = await streamToKey(this.bucket, staged, source, (n) => {
      if (n > opts.maxBytes) throw evidenceTooLarge(opts.maxBytes);
    });
    let done = false;
    const discard = async () => {
      done = true;
      await this.bucket.remove(staged);
    };
    return {
      sha256,
      size,
      discard,
      commit: async (k) => {
        if (done) throw new Error('staged evidence already committed or discarded');
        try {
          const target = this.objectKey({ ...k, sha256 });
          if (await this.bucket.exists(target)) {
            await discard();
            return { created: false };
          }
          await this.bucket.client.send(
            new CopyObjectCommand({
              Bucket: this.bucket.name,
              Key: target,
              CopySource: `${this.bucket.name}/${staged}`,
            }),
          );
          await discard();
          return { created: true };
        } catch (err) {
          await discard().catch(() => undefined);
          throw err;
        }
      },
    };
  }

  async open(key: EvidenceKey): Promise<StoredEvidence | undefined> {
    try {
      const res = await this.bucket.client.send(
        new GetObjectCommand({ Bucket: this.bucket.name, Key: this.objectKey(key) }),
      );
      if (!res.Body) return undefined;
      return { stream: res.Body as Readable, size: res.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  has(key: EvidenceKey): Promise<boolean> {
    return this.bucket.exists(this.objectKey(key));
  }

  delete(key: EvidenceKey): Promise<void> {
    return this.bucket.remove(this.objectKey(key));
  }

  async wipe(): Promise<void> {
    await this.bucket.removeAll(this.bucket.key('evidence/'));
    await this.bucket.removeAll(this.bucket.key('staging/'));
  }

  /**
   * With S3_PRESIGN: a short-lived URL that downloads the object with our headers (attachment,
   * the file name, the verified type); undefined when presigning is off (we stream it then).
   */
  async downloadUrl(
    key: EvidenceKey,
    opts: { filename: string; contentType: string },
  ): Promise<string | undefined> {
    if (!this.presign) return undefined;
    const command = new GetObjectCommand({
      Bucket: this.bucket.name,
      Key: this.objectKey(key),
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(opts.filename)}`,
      ResponseContentType: opts.contentType,
    });
    return getSignedUrl(this.bucket.client, command, { expiresIn: PRESIGN_SECONDS });
  }

  /** Staged objects last written before `cutoff` belong to a dead process: deleted. */
  async sweepStaging(cutoff: Date): Promise<{ removed: number; bytes: number }> {
    const result = { removed: 0, bytes: 0 };
    for await (const o of this.bucket.list(this.bucket.key('staging/'))) {
      if (o.modified && o.modified < cutoff) {
        await this.bucket.remove(o.key);
        result.removed += 1;
        result.bytes += o.size;
      }
    }
    return result;
  }
}
