import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsEvidenceStore, STAGING_DIR } from './fs-evidence-store.js';

const M = '11111111-1111-4111-8111-111111111111';
const T = '22222222-2222-4222-8222-222222222222';
const SHA_HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

describe('FsEvidenceStore', () => {
  let dir: string;
  let root: string;
  let store: FsEvidenceStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'metamorph-store-'));
    root = path.join(dir, 'evidence');
    store = new FsEvidenceStore(root);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stages chunk by chunk, commits atomically under <mission>/<test>/<sha><ext>', async () => {
    const staged = await store.stage([Buffer.from('hel'), Buffer.from('lo')], { maxBytes: 5 });
    expect(staged).toMatchObject({ sha256: SHA_HELLO, size: 5 });
    expect(await readdir(path.join(root, STAGING_DIR))).toHaveLength(1);
    expect(await staged.commit({ missionId: M, testId: T, ext: '.txt' })).toEqual({
      created: true,
    });
    expect(await readFile(path.join(root, M, T, `${SHA_HELLO}.txt`), 'utf8')).toBe('hello');
    expect(await readdir(path.join(root, STAGING_DIR))).toEqual([]);
    const again = await store.stage([Buffer.from('hello')], { maxBytes: 5 });
    expect(await again.commit({ missionId: M, testId: T, ext: '.txt' })).toEqual({
      created: false,
    });
    const key = { missionId: M, testId: T, sha256: SHA_HELLO, ext: '.txt' };
    const got = await store.open(key);
    expect(got?.size).toBe(5);
    expect(await text(got!.stream)).toBe('hello');
    await store.delete(key);
    expect(await store.has(key)).toBe(false);
  });

  it('refuses past the cap and leaves no temp file', async () => {
    await expect(
      store.stage([Buffer.alloc(4), Buffer.alloc(4)], { maxBytes: 7 }),
    ).rejects.toMatchObject({ status: 413 });
    expect(await readdir(path.join(root, STAGING_DIR))).toEqual([]);
  });

  it('validates every key component and never leaves the root', async () => {
    const staged = await store.stage([Buffer.from('hello')], { maxBytes: 10 });
    for (const bad of [
      { missionId: '..', testId: T, ext: '.txt' },
      { missionId: M, testId: '../../etc', ext: '.txt' },
      { missionId: M, testId: T, ext: '/../../x' },
      { missionId: M, testId: T, ext: 'txt' },
    ]) {
      const again = await store.stage([Buffer.from('hello')], { maxBytes: 10 });
      await expect(again.commit(bad)).rejects.toThrow(/evidence key/);
    }
    await staged.discard();
    await expect(
      store.open({ missionId: M, testId: T, sha256: '../'.repeat(21) + 'a', ext: '.txt' }),
    ).rejects.toThrow(/sha256/);
    expect(await readdir(path.join(root, STAGING_DIR))).toEqual([]);
  });

  it('does not follow symlinks out of the root', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, `${SHA_HELLO}.txt`), 'secret');
    await mkdir(root, { recursive: true });
    await symlink(outside, path.join(root, M));
    const key = { missionId: M, testId: T, sha256: SHA_HELLO, ext: '.txt' };
    await expect(store.open(key)).rejects.toThrow(/not a directory/);
    const staged = await store.stage([Buffer.from('hello')], { maxBytes: 10 });
    await expect(staged.commit({ missionId: M, testId: T, ext: '.txt' })).rejects.toThrow(
      /not a directory/,
    );
    expect(await readdir(outside)).toEqual([`${SHA_HELLO}.txt`]);
    // A symlinked final file is not served either.
    await store.wipe();
    await mkdir(path.join(root, M, T), { recursive: true });
    await symlink(
      path.join(outside, `${SHA_HELLO}.txt`),
      path.join(root, M, T, `${SHA_HELLO}.txt`),
    );
    expect(await store.open(key)).toBeUndefined();
    await store.wipe();
    expect(await readFile(path.join(outside, `${SHA_HELLO}.txt`), 'utf8')).toBe('secret');
  });
});
