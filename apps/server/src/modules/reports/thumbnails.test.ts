import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ThumbnailCache, thumbnailCacheDir } from '../../platform/thumbnails/cache.js';
import { reportsWorld, type ReportsWorld } from './test-reports.js';

/** The data: URIs of the images in an HTML report. */
const images = (html: string) =>
  [...html.matchAll(/<img src="data:image\/jpeg;base64,([^"]+)"/g)].map((m) => m[1]);

describe('report thumbnails: made at upload, made by the report when missing', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let file: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    file = new ThumbnailCache(thumbnailCacheDir(t.ctx.env.dataDir)).file(w.imageSha);
  });
  afterAll(() => t.close());

  const html = async () => {
    const report = await w.generate('lead', { format: 'html' });
    expect(report.status, report.error ?? '').toBe('succeeded');
    return (await w.ok('lead', 'GET', `/api/reports/${report.id}/content`)).body;
  };

  it('the first report embeds the thumbnail the upload made, without making it again', async () => {
    // Made in the background after the upload's commit.
    await vi.waitFor(() => stat(file), { timeout: 10_000, interval: 25 });
    const made = await stat(file);
    const jpeg = await readFile(file);
    expect(images(await html())).toEqual([jpeg.toString('base64')]);
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([made.ino, made.mtimeMs]);
  });

  it('makes a missing or damaged thumbnail before rendering and caches it', async () => {
    await rm(file);
    const [first] = images(await html());
    expect(first).toBeDefined();
    const meta = await sharp(await readFile(file)).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 500 });
    expect(first).toBe((await readFile(file)).toString('base64'));

    await writeFile(file, 'not a jpeg');
    const [second] = images(await html());
    expect(second).toBe(first);
    expect((await readFile(file)).toString('base64')).toBe(first);
  });

  it('lists an image whose file is gone by name, without a thumbnail', async () => {
    await rm(file);
    const key = { missionId: w.missionId, testId: w.ids.main, sha256: w.imageSha, ext: '.png' };
    await t.ctx.evidence.delete(key);
    const body = await html();
    expect(images(body)).toEqual([]);
    expect(body).toContain('screen.png');
    await expect(stat(file)).rejects.toThrow();
  });
});
