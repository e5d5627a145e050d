import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  assertEvidenceKey,
  evidenceTooLarge,
  isEvidenceDirName,
  type EvidenceKey,
  type EvidenceSource,
  type EvidenceStore,
  type StagedEvidence,
  type StoredEvidence,
} from './evidence-store.js';

/** Staged uploads live here, inside the root so the final rename is atomic. */
export const STAGING_DIR = '.staging';

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function lstatOrNull(p: string) {
  try {
    return await lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Evidence under `root/<mission>/<test>/<sha256><ext>`. Uploads stream to a temp file in
 * `root/.staging` (hashed and counted chunk by chunk, stopped at the cap), are fsynced and
 * renamed into place. Every path is built from validated components, checked to stay inside
 * the root, and never followed through a symlink.
 */
export class FsEvidenceStore implements EvidenceStore {
  readonly kind = 'fs';
  readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The root exists (made on first use) and this process may write into it. */
  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await access(this.root, constants.W_OK | constants.X_OK);
  }

  private inside(...parts: string[]): string {
    const p = path.resolve(this.root, ...parts);
    if (!p.startsWith(this.root + path.sep)) throw new Error('evidence path escapes the root');
    return p;
  }

  private dirsOf(key: EvidenceKey): { mission: string; test: string; file: string } {
    const k = assertEvidenceKey(key);
    return {
      mission: this.inside(k.missionId),
      test: this.inside(k.missionId, k.testId),
      file: this.inside(k.missionId, k.testId, `${k.sha256}${k.ext}`),
    };
  }

  /** Refuses a directory on the way that is a symlink (or not a directory at all). */
  private async realDirs(dirs: string[], create: boolean): Promise<boolean> {
    for (const d of dirs) {
      let st = await lstatOrNull(d);
      if (!st && create) {
        await mkdir(d, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
        st = await lstatOrNull(d);
      }
      if (!st) return false;
      if (!st.isDirectory()) throw new Error(`evidence path component is not a directory: ${d}`);
    }
    return true;
  }

  async stage(source: EvidenceSource, opts: { maxBytes: number }): Promise<StagedEvidence> {
    const staging = this.inside(STAGING_DIR);
    await mkdir(this.root, { recursive: true });
    await this.realDirs([staging], true);
    const tmp = this.inside(STAGING_DIR, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > opts.maxBytes) throw evidenceTooLarge(opts.maxBytes);
        hash.update(chunk);
        await writeAll(fh, chunk);
      }
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    return this.staged(tmp, hash.digest('hex'), size);
  }

  private staged(tmp: string, sha256: string, size: number): StagedEvidence {
    let done = false;
    const discard = async () => {
      done = true;
      await rm(tmp, { force: true });
    };
    return {
      sha256,
      size,
      discard,
      commit: async (k) => {
        if (done) throw new Error('staged evidence already committed or discarded');
        try {
          const p = this.dirsOf({ ...k, sha256 });
          await this.realDirs([p.mission, p.test], true);
          const existing = await lstatOrNull(p.file);
          if (existing?.isFile()) {
            await discard();
            return { created: false };
          }
          // rename replaces a stray symlink itself, never what it points to.
          await rename(tmp, p.file);
          done = true;
          await syncDir(p.test);
          return { created: true };
        } catch (err) {
          await discard();
          throw err;
        }
      },
    };
  }

  async open(key: EvidenceKey): Promise<StoredEvidence | undefined> {
    const p = this.dirsOf(key);
    if (!(await this.realDirs([p.mission, p.test], false))) return undefined;
    let fh: FileHandle;
    try {
      fh = await open(p.file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ELOOP') return undefined;
      throw err;
    }
    const st = await fh.stat();
    if (!st.isFile()) {
      await fh.close();
      return undefined;
    }
    return { stream: fh.createReadStream({ highWaterMark: 1 << 16 }), size: st.size };
  }

  async has(key: EvidenceKey): Promise<boolean> {
    const p = this.dirsOf(key);
    if (!(await this.realDirs([p.mission, p.test], false))) return false;
    return (await lstatOrNull(p.file))?.isFile() ?? false;
  }

  async delete(key: EvidenceKey): Promise<void> {
    const p = this.dirsOf(key);
    if (!(await this.realDirs([p.mission, p.test], false))) return;
    await rm(p.file, { force: true });
  }

  /** Removes the mission directories and the staging area; rm never follows symlinks. */
  async wipe(): Promise<void> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const ours = entries.filter((e) => e === STAGING_DIR || isEvidenceDirName(e));
    await Promise.all(ours.map((e) => rm(this.inside(e), { recursive: true, force: true })));
  }
}

/** Makes a rename durable: fsync the directory that holds the new name. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
