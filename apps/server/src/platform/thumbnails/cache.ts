import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** Widest (and tallest) thumbnail, in pixels. */
export const THUMB_MAX = 800;
const SHA256 = /^[0-9a-f]{64}$/;

/** A JPEG thumbnail with its size in pixels. */
export interface Thumbnail {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** Where a server keeps its thumbnails: derived data, safe to delete at any time. */
export const thumbnailCacheDir = (dataDir: string): string =>
  path.join(dataDir, 'cache', 'thumbnails');

/**
 * Thumbnails by content: `<dir>/<sha256>-800.jpg`, written to a temp name and renamed, so two
 * reports (or an upload and a report) with the same image decode it once. The name is built
 * from a checked SHA-256 only, so it cannot leave the directory.
 */
export class ThumbnailCache {
  constructor(readonly dir: string) {}

  file(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('thumbnail cache: sha256 must be 64 lower-case hex');
    return path.join(this.dir, `${sha256}-${THUMB_MAX}.jpg`);
  }

  /** Whether a thumbnail is cached, without reading it. */
  async has(sha256: string): Promise<boolean> {
    return stat(this.file(sha256)).then(
      (s) => s.isFile() && s.size > 0,
      () => false,
    );
  }

  async get(sha256: string): Promise<Thumbnail | null> {
    let jpeg: Buffer;
    try {
      jpeg = await readFile(this.file(sha256));
    } catch {
      return null;
    }
    // The header only: the size in pixels (a damaged file counts as missing and is made again).
    const meta = await sharp(jpeg)
      .metadata()
      .catch(() => null);
    if (!meta?.width || !meta.height) return null;
    return { jpeg, width: meta.width, height: meta.height };
  }

  async put(sha256: string, image: Thumbnail): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(this.dir, `.${randomBytes(8).toString('hex')}.part`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(image.jpeg);
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file(sha256)).catch(async (err: unknown) => {
      await rm(tmp, { force: true });
      throw err;
    });
  }
}
