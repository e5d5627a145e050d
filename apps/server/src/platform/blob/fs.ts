import { createHash, randomBytes } from 'node:crypto';
import { createReadStream as createFsReadStream } from 'node:fs';
import {
  copyFile,
  lstat,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  unlink,
} from 'node:fs/promises';
import path from 'node:path';
import { assertSha256, hashFile, type BlobStore } from './types.js';

/**
 * Blobs under `root/<aa>/<sha256>`; writes go to a temp file, are fsynced and
 * renamed into place so a crash never leaves a partial blob under its final name.
 */
export class FsBlobStore implements BlobStore {
  readonly kind = 'fs';
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    const key = assertSha256(sha256);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(data: Buffer) {
    const sha256 = createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, size: data.length };
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(this.root, `.tmp-${randomBytes(8).toString('hex')}`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return { sha256, size: data.length };
  }

  async putFile(tempPath: string) {
    const { sha256, size } = await hashFile(tempPath);
    if (await this.has(sha256)) {
      await rm(tempPath, { force: true });
      return { sha256, size };
    }
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const fh = await open(tempPath, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tempPath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // Another file system: copy to a temp name beside the target, then rename.
      const tmp = path.join(this.root, `.tmp-${randomBytes(8).toString('hex')}`);
      await copyFile(tempPath, tmp);
      await rename(tmp, target);
      await rm(tempPath, { force: true });
    }
    return { sha256, size };
  }

  async createReadStream(sha256: string) {
    const file = this.pathOf(sha256);
    if (!(await this.has(sha256))) return undefined;
    return createFsReadStream(file, { highWaterMark: 1 << 20 });
  }

  async localPath(sha256: string) {
    return (await this.has(sha256)) ? this.pathOf(sha256) : undefined;
  }

  async get(sha256: string) {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async has(sha256: string) {
    try {
      return (await lstat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async delete(sha256: string) {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Removes the root's entries without following symlinks out of it. */
  async wipe() {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    // rm on a symlink removes the link itself, never its target.
    await Promise.all(
      entries.map((e) => rm(path.join(this.root, e), { recursive: true, force: true })),
    );
  }
}
