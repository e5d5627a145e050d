import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import type { Bucket } from './client.js';

/** 8 MiB parts, two in flight: at most ~16 MiB of one upload held in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/**
 * Streams `source` to `key` with a multipart upload, hashing chunk by chunk; `check(size)` may
 * throw to stop it (the size cap). On any failure the multipart upload is aborted and the key
 * deleted, so nothing partial stays in the bucket.
 */
export async function streamToKey(
  bucket: Bucket,
  key: string,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  check: (size: number) => void = () => undefined,
): Promise<{ sha256: string; size: number }> {
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const upload = new Upload({
    client: bucket.client,
    params: { Bucket: bucket.name, Key: key, Body: body },
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
  });
  const done = upload.done();
  // Observed below; a rejection before then must not count as unhandled.
  done.catch(() => undefined);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      check(size);
      hash.update(chunk);
      if (!body.write(chunk)) await Promise.race([once(body, 'drain'), done]);
    }
    body.end();
    await done;
  } catch (err) {
    body.destroy();
    await upload.abort().catch(() => undefined);
    await bucket.remove(key).catch(() => undefined);
    throw err;
  }
  return { sha256: hash.digest('hex'), size };
}
