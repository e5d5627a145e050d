import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Env } from '../src/env.js';

export interface LocalS3 {
  /** The configuration the app reads from EVIDENCE_STORE=s3 + S3_*. */
  config: S3Env;
  /** The same as environment variables (for a server process). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver) on a free port with one bucket, files in a temp dir;
 * its default credentials (S3RVER / S3RVER) go through the SDK's standard variables.
 */
export async function startLocalS3(bucket = 'metamorph-test'): Promise<LocalS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    config: {
      endpoint,
      bucket,
      region: 'us-east-1',
      prefix: '',
      forcePathStyle: true,
      presign: false,
    },
    env: {
      EVIDENCE_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_FORCE_PATH_STYLE: '1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
