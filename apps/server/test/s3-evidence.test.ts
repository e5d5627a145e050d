import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Evidence } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFiles } from '../src/db/schema/index.js';
import {
  SAMPLES,
  evidenceWorld,
  openCutUpload,
  sha256,
  type EvidenceWorld,
} from '../src/modules/evidence/test-evidence.js';
import { Bucket, s3Client } from '../src/platform/blob/s3/client.js';
import type { S3EvidenceStore } from '../src/platform/blob/s3/index.js';
import { s3Stores } from '../src/platform/blob/s3/index.js';
import { createTestApp, type TestApp } from './harness.js';
import { startLocalS3, type LocalS3 } from './s3-server.js';

const MiB = 1024 * 1024;
const keysUnder = async (s3: LocalS3, prefix: string) => {
  const bucket = new Bucket(s3Client(s3.config), s3.config.bucket, '');
  const out: string[] = [];
  for await (const o of bucket.list(prefix)) out.push(o.key);
  return out;
};
const eventually = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
};
const key = (testId: string, sha: string) => ({
  missionId: '00000000-0000-4000-8000-000000000001',
  testId,
  sha256: sha,
  ext: '.bin',
});

describe('S3 evidence store (against a local S3-compatible server)', () => {
  let s3: LocalS3;
  let store: S3EvidenceStore;
  beforeAll(async () => {
    s3 = await startLocalS3();
    store = s3Stores(s3.config).evidence;
  });
  afterAll(() => s3.close());

  it('stages in parts, commits to the content address, and dedupes the same bytes', async () => {
    const data = randomBytes(12 * MiB);
    const chunks = Array.from({ length: 12 }, (_, i) => data.subarray(i * MiB, (i + 1) * MiB));
    const staged = await store.stage(chunks, { maxBytes: 20 * MiB });
    expect(staged).toMatchObject({ sha256: sha256(data), size: data.length });
    const testId = '00000000-0000-4000-8000-0000000000aa';
    expect(
      await staged.commit({ missionId: key(testId, '').missionId, testId, ext: '.bin' }),
    ).toEqual({
      created: true,
    });
    const k = key(testId, staged.sha256);
    expect(await store.has(k)).toBe(true);
    const opened = await store.open(k);
    const back: Buffer[] = [];
    for await (const c of opened?.stream ?? []) back.push(c as Buffer);
    expect(sha256(Buffer.concat(back))).toBe(sha256(data));
    expect(opened?.size).toBe(data.length);
    const again = await store.stage([data], { maxBytes: 20 * MiB });
    expect(await again.commit({ missionId: k.missionId, testId, ext: '.bin' })).toEqual({
      created: false,
    });
    expect(await keysUnder(s3, 'staging/')).toEqual([]);
    await store.delete(k);
    expect(await store.has(k)).toBe(false);
    expect(await store.open(k)).toBeUndefined();
  });

  it('over the cap (mid multipart) or with a failing source: 413 / the error, nothing left', async () => {
    const big = Array.from({ length: 12 }, () => randomBytes(MiB));
    await expect(store.stage(big, { maxBytes: 10 * MiB })).rejects.toMatchObject({ status: 413 });
    async function* failing() {
      for (let i = 0; i < 9; i++) yield randomBytes(MiB);
      throw new Error('client went away');
    }
    await expect(store.stage(failing(), { maxBytes: 20 * MiB })).rejects.toThrow(
      'client went away',
    );
    expect(await keysUnder(s3, 'staging/')).toEqual([]);
  });

  it('readiness fails, naming the cause, when the endpoint is down', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    const down = s3Stores({ ...s3.config, endpoint: 'http://127.0.0.1:9' }).evidence;
    await expect(down.check()).rejects.toThrow();
  });
});

describe('evidence through the API on S3', () => {
  let s3: LocalS3;
  let t: TestApp;
  let w: EvidenceWorld;
  let port: number;
  beforeAll(async () => {
    s3 = await startLocalS3();
    const stores = s3Stores({ ...s3.config, presign: true });
    t = await createTestApp({ evidence: stores.evidence, blobs: stores.blobs });
    w = await evidenceWorld(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it('uploads to the bucket, dedupes, serves inline itself and attachments by a presigned link', async () => {
    const testId = await w.newTest();
    const res = await w.upload('blue', testId, { name: 'shot.png', content: SAMPLES.png });
    expect(res.statusCode, res.body).toBe(201);
    const ev = Evidence.parse(res.json());
    expect(await keysUnder(s3, `evidence/${w.missionId}/${testId}/`)).toEqual([
      `evidence/${w.missionId}/${testId}/${sha256(SAMPLES.png)}.png`,
    ]);
    const dup = await w.upload('blue', testId, { name: 'again.png', content: SAMPLES.png });
    expect(dup.statusCode, dup.body).toBe(200);
    const inline = await t.app.inject({
      url: `/api/evidence/${ev.id}/content?inline=1`,
      headers: w.h.blue,
    });
    expect(inline.statusCode).toBe(200);
    expect(inline.rawPayload.equals(SAMPLES.png)).toBe(true);
    const redirect = await t.app.inject({
      url: `/api/evidence/${ev.id}/content`,
      headers: w.h.blue,
    });
    expect(redirect.statusCode).toBe(302);
    const link = redirect.headers.location ?? '';
    expect(link.startsWith(s3.config.endpoint ?? '-')).toBe(true);
    expect(link).toContain('X-Amz-Expires=60');
    const direct = await fetch(link);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await direct.arrayBuffer()).equals(SAMPLES.png)).toBe(true);
    // Outsiders get no link: the access check comes first.
    const outsider = await t.app.inject({
      url: `/api/evidence/${ev.id}/content`,
      headers: w.h.outsider,
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('an upload cut off mid-file over real HTTP leaves no object and no row', async () => {
    const testId = await w.newTest();
    const socket = await openCutUpload(
      port,
      `/api/missions/${w.missionId}/tests/${testId}/evidence`,
      w.h.blue,
      16 * MiB,
    );
    // More than one 8 MiB part: the multipart upload has begun when the client vanishes.
    for (let i = 0; i < 10; i++) socket.write(randomBytes(MiB));
    await sleep(1_000);
    socket.destroy();
    expect(await eventually(async () => (await keysUnder(s3, 'staging/')).length === 0)).toBe(true);
    expect(await keysUnder(s3, `evidence/${w.missionId}/${testId}/`)).toEqual([]);
    const rows = await t.ctx.db
      .select()
      .from(evidenceFiles)
      .where(eq(evidenceFiles.testId, testId));
    expect(rows).toEqual([]);
    const ok = await w.upload('blue', testId, { name: 'after.png', content: SAMPLES.png });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('the blob store keeps uploads in the bucket too', async () => {
    const put = await t.ctx.blobs.put(Buffer.from('bundle'));
    expect(await keysUnder(s3, 'blobs/')).toContain(`blobs/${put.sha256}`);
    expect((await t.ctx.blobs.get(put.sha256))?.toString()).toBe('bundle');
    await t.ctx.blobs.delete(put.sha256);
    expect(await t.ctx.blobs.has(put.sha256)).toBe(false);
  });
});
