import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { EvidenceKey, EvidenceStore } from '../../../platform/blob/evidence-store.js';
import type { ResultEvidenceRow } from '../../results/index.js';
import type { Redactor } from '../redaction/redactor.js';
import type { ReportEvidence, ReportImage } from './report-model.js';

// One image at a time and nothing kept between them: memory stays flat with the mission.
sharp.cache(false);
sharp.concurrency(1);

/** Widest (and tallest) thumbnail, in pixels. */
export const THUMB_MAX = 800;
/** Images larger than this many pixels are not decoded (a decompression bomb). */
const MAX_INPUT_PIXELS = 100_000_000;
const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_MIMES = new Set(['application/json', 'application/xml']);
/** How much of a text file the preview reads, and how many lines it keeps. */
const PREVIEW_BYTES = 4096;
const PREVIEW_LINES = 40;
const SHA256 = /^[0-9a-f]{64}$/;

export const isImageMime = (mime: string): boolean => IMAGE_MIMES.has(mime);
export const isTextMime = (mime: string): boolean =>
  mime.startsWith('text/') || TEXT_MIMES.has(mime);

/**
 * Thumbnails by content: `<dir>/<sha256>-800.jpg`, written to a temp name and renamed, so two
 * reports (or two tests) with the same image decode it once. The name is built from a checked
 * SHA-256 only, so it cannot leave the directory.
 */
export class ThumbnailCache {
  constructor(private readonly dir: string) {}

  private file(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('thumbnail cache: sha256 must be 64 lower-case hex');
    return path.join(this.dir, `${sha256}-${THUMB_MAX}.jpg`);
  }

  async get(sha256: string): Promise<ReportImage | null> {
    let jpeg: Buffer;
    try {
      jpeg = await readFile(this.file(sha256));
    } catch {
      return null;
    }
    const meta = await sharp(jpeg).metadata();
    if (!meta.width || !meta.height) return null;
    return { jpeg, width: meta.width, height: meta.height };
  }

  async put(sha256: string, image: ReportImage): Promise<void> {
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

export interface EvidenceDeps {
  store: EvidenceStore;
  cache: ThumbnailCache;
  redactor: Redactor;
}

/** A JPEG at most THUMB_MAX on each side, decoded as a stream (sequentialRead). */
async function makeThumbnail(deps: EvidenceDeps, key: EvidenceKey): Promise<ReportImage | null> {
  const cached = await deps.cache.get(key.sha256);
  if (cached) return cached;
  const stored = await deps.store.open(key);
  if (!stored) return null;
  const pipeline = sharp({ sequentialRead: true, limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize({ width: THUMB_MAX, height: THUMB_MAX, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80, mozjpeg: true });
  stored.stream.pipe(pipeline);
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const image = { jpeg: data, width: info.width, height: info.height };
    await deps.cache.put(key.sha256, image).catch(() => undefined);
    return image;
  } catch {
    // An image that does not decode is listed without a thumbnail rather than failing the report.
    return null;
  } finally {
    stored.stream.destroy();
  }
}

/** The first lines of a text file (at most PREVIEW_BYTES read), as stored. */
export async function readTextHead(store: EvidenceStore, key: EvidenceKey): Promise<string | null> {
  const stored = await store.open(key);
  if (!stored) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stored.stream) {
      const b = chunk as Buffer;
      chunks.push(b);
      size += b.length;
      if (size >= PREVIEW_BYTES) break;
    }
  } finally {
    stored.stream.destroy();
  }
  const head = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES);
  // A multi-byte character cut at the end decodes as U+FFFD: drop it.
  const lines = head
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
    .split(/\r?\n/);
  const cut = lines.length > PREVIEW_LINES || stored.size > PREVIEW_BYTES;
  const text = lines.slice(0, PREVIEW_LINES).join('\n').replace(/\0/g, '');
  return cut ? `${text}\n…` : text;
}

async function readTextPreview(deps: EvidenceDeps, key: EvidenceKey): Promise<string | null> {
  const text = await readTextHead(deps.store, key);
  return text === null ? null : deps.redactor.redact(text).text;
}

/** An evidence row as the renderers see it: metadata now, bytes one file at a time on demand. */
export function reportEvidence(
  deps: EvidenceDeps,
  missionId: string,
  testId: string,
  e: ResultEvidenceRow,
): ReportEvidence {
  const key: EvidenceKey = { missionId, testId, sha256: e.sha256, ext: e.ext };
  const image = isImageMime(e.mime);
  const text = isTextMime(e.mime);
  return {
    id: e.id,
    fileName: e.originalFilename,
    caption: deps.redactor.text(e.caption),
    side: e.side,
    mime: e.mime,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    isImage: image,
    thumbnail: () => (image ? makeThumbnail(deps, key) : Promise.resolve(null)),
    textPreview: () => (text ? readTextPreview(deps, key) : Promise.resolve(null)),
  };
}
