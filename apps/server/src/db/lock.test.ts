import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, acquireDataDirLock } from './lock.js';

describe('PGlite data dir lock', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'mm-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second holder with a message naming the holder', () => {
    const dir = fresh();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('refuses when another live process holds it', () => {
    const dir = fresh();
    writeFileSync(
      path.join(dir, 'metamorph.lock'),
      JSON.stringify({ pid: process.ppid, host: hostname(), since: 'earlier' }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
  });

  it('takes over a lock left by a dead process', () => {
    const dir = fresh();
    const file = path.join(dir, 'metamorph.lock');
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: 'then' }));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'metamorph.lock'), '{half');
    acquireDataDirLock(dir).release();
  });
});
