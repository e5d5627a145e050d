import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STAGING_DIR } from './fs-evidence-store.js';
import { startStagingJanitor, sweepStaleStaging } from './staging-sweep.js';

/** FINDINGS #4: a process killed mid-upload left its staged files behind. */
describe('stale staged uploads', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const root = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'mm-sweep-'));
    dirs.push(d);
    mkdirSync(path.join(d, STAGING_DIR));
    return d;
  };
  const HOUR = 3_600_000;
  const put = (dir: string, name: string, ageMs: number, bytes = 100) => {
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.alloc(bytes, 0x61));
    const at = new Date(Date.now() - ageMs);
    utimesSync(file, at, at);
    return file;
  };

  it('removes staged and temp files older than the cutoff, keeps fresh ones and other files', async () => {
    const r = root();
    const staging = path.join(r, STAGING_DIR);
    put(staging, 'a1.part', 2 * HOUR, 1000);
    put(staging, 'a2.part', 3 * HOUR, 24);
    put(staging, 'fresh.part', 1_000);
    put(staging, 'notes.txt', 5 * HOUR);
    put(r, '.tmp-0123456789abcdef', 2 * HOUR, 10);
    put(r, '.tmp-fresh', 0);
    mkdirSync(path.join(r, 'ab'));
    put(path.join(r, 'ab'), 'ab'.padEnd(64, '0'), 9 * HOUR);
    const outside = put(mkdtempSync(path.join(tmpdir(), 'mm-out-')), 'keep.part', 9 * HOUR);
    dirs.push(path.dirname(outside));
    symlinkSync(outside, path.join(staging, 'link.part'));

    const result = await sweepStaleStaging(r, new Date(Date.now() - HOUR));
    expect(result).toEqual({ removed: 3, bytes: 1034 });
    // A symlink is never followed nor counted; the target outside stays.
    expect(readdirSync(staging).sort()).toEqual(['fresh.part', 'link.part', 'notes.txt']);
    expect(readdirSync(r).sort()).toEqual(['.staging', '.tmp-fresh', 'ab']);
    expect(readdirSync(path.dirname(outside))).toEqual(['keep.part']);
  });

  it('copes with a missing root or staging directory', async () => {
    expect(await sweepStaleStaging(path.join(tmpdir(), 'mm-no-such-dir'), new Date())).toEqual({
      removed: 0,
      bytes: 0,
    });
  });

  it('sweeps at start (everything before the start when no upload can be in flight), logs the count, and sweeps again periodically', async () => {
    const r = root();
    const staging = path.join(r, STAGING_DIR);
    put(staging, 'old.part', 2 * HOUR);
    put(staging, 'recent.part', 60_000);
    const lines: { msg: string; removed: number }[] = [];
    const log = { info: (o: { removed: number }, msg: string) => lines.push({ ...o, msg }) };

    // Another process may be uploading (PostgreSQL): only files older than the age limit go.
    const shared = startStagingJanitor({ root: r, log, maxAgeMs: HOUR, sweepAllAtStart: false });
    expect((await shared.first).removed).toBe(1);
    shared.stop();
    expect(readdirSync(staging)).toEqual(['recent.part']);
    expect(lines.at(-1)).toMatchObject({ removed: 1 });
    expect(lines.at(-1)?.msg).toMatch(/removed 1 stale staged upload/);

    // The embedded database: this process is the only one; whatever predates it is stale.
    const only = startStagingJanitor({
      root: r,
      log,
      maxAgeMs: HOUR,
      sweepAllAtStart: true,
      intervalMs: 20,
    });
    expect((await only.first).removed).toBe(1);
    expect(readdirSync(staging)).toEqual([]);
    // The periodic sweep applies the age limit: an old file appearing later goes too.
    put(staging, 'later.part', 2 * HOUR);
    put(staging, 'active.part', 0);
    for (let i = 0; i < 100 && readdirSync(staging).length > 1; i++) {
      await new Promise((res) => setTimeout(res, 20));
    }
    only.stop();
    expect(readdirSync(staging)).toEqual(['active.part']);
  });
});
