import { readFile, readdir, stat } from 'node:fs/promises';
import { EvidenceUploadResult } from '@metamorph/contract';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ThumbnailCache, thumbnailCacheDir } from '../../platform/thumbnails/cache.js';
import { evidenceWorld, type EvidenceWorld } from './test-evidence.js';

/** Waits for the background thumbnail of `sha256` (made after the upload's commit). */
async function cachedThumbnail(t: TestApp, sha256: string) {
  const file = new ThumbnailCache(thumbnailCacheDir(t.ctx.env.dataDir)).file(sha256);
  await vi.waitFor(() => stat(file), { timeout: 10_000, interval: 25 });
  return file;
}

describe('evidence upload: the report thumbnail is made in the background', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
  });
  afterAll(() => t.close());

  it('caches a JPEG ≤ 800 px of an uploaded image under its SHA-256, once', async () => {
    const testId = await w.newTest();
    const png = await sharp({
      create: { width: 2000, height: 1200, channels: 4, background: '#33669980' },
    })
      .png()
      .toBuffer();
    const res = await w.upload('blue', testId, { name: 'console.png', content: png });
    expect(res.statusCode, res.body).toBe(201);
    const ev = EvidenceUploadResult.parse(res.json());
    const file = await cachedThumbnail(t, ev.sha256);
    const meta = await sharp(await readFile(file)).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 480 });
    const made = await stat(file);

    // The same bytes again (a duplicate) and on another test: nothing is made again.
    const again = await w.upload('blue', testId, { name: 'console.png', content: png });
    expect(again.statusCode).toBe(200);
    const other = await w.upload('blue', await w.newTest(), { name: 'copy.png', content: png });
    expect(other.statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 200));
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([made.ino, made.mtimeMs]);
  });

  it('makes no thumbnail for other files, nor for an image that does not decode', async () => {
    const dir = thumbnailCacheDir(t.ctx.env.dataDir);
    const before = await readdir(dir).catch(() => []);
    const testId = await w.newTest();
    const text = await w.upload('blue', testId, {
      name: 'alert.txt',
      content: Buffer.from('alert body\n'),
    });
    expect(text.statusCode, text.body).toBe(201);
    // A PNG cut after its header: accepted as evidence (the bytes are what was captured).
    const png = await sharp({
      create: { width: 900, height: 600, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    const broken = png.subarray(0, 60);
    const bad = await w.upload('blue', testId, { name: 'broken.png', content: broken });
    expect(bad.statusCode, bad.body).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    const names = (await readdir(dir).catch(() => [])).filter((n) => !n.startsWith('.'));
    expect(names.sort()).toEqual(before.filter((n) => !n.startsWith('.')).sort());
  });
});
