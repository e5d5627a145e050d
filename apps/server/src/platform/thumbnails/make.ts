import sharp from 'sharp';
import type { EvidenceKey, EvidenceStore } from '../blob/evidence-store.js';
import { THUMB_MAX, type Thumbnail, type ThumbnailCache } from './cache.js';

// Nothing kept between images, one libvips thread per image and (below) at most two images at
// a time in the process: memory stays flat, and two cores are used without starving requests.
sharp.cache(false);
sharp.concurrency(1);

/** Images decoded at once in this process (uploads' background work and reports together). */
export const THUMBNAIL_SLOTS = 2;
/** Images larger than this many pixels are not decoded (a decompression bomb). */
const MAX_INPUT_PIXELS = 100_000_000;
const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The evidence types that get a thumbnail. */
export const isThumbnailMime = (mime: string): boolean => IMAGE_MIMES.has(mime);

/** Who waits for a slot: a report being written goes before uploads' background work. */
export type ThumbnailPriority = 'report' | 'background';

/** A counting semaphore with two queues; the report queue is served first. */
class Slots {
  private free: number;
  private readonly waiting: Record<ThumbnailPriority, (() => void)[]> = {
    report: [],
    background: [],
  };

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(priority: ThumbnailPriority, fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.report.shift() ?? this.waiting.background.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const slots = new Slots(THUMBNAIL_SLOTS);
/** Uploads' background work takes one slot at most: requests keep the other core. */
const backgroundSlots = new Slots(1);
const inSlot = <T>(priority: ThumbnailPriority, fn: () => Promise<T>): Promise<T> =>
  priority === 'report'
    ? slots.run('report', fn)
    : backgroundSlots.run('background', () => slots.run('background', fn));
/** Thumbnails being decoded now, by SHA-256: a second caller waits for the first one. */
const inflight = new Map<string, Promise<Thumbnail | null>>();

/**
 * Decodes one stored image into a JPEG at most THUMB_MAX on each side. The stream is read
 * once (`sequentialRead`), a JPEG is shrunk while it is decoded (`fastShrinkOnLoad`: libjpeg
 * scales by 1/2, 1/4 or 1/8 before the resize), a damaged file is decoded as far as it goes
 * unless libvips reports an error (`failOn: 'error'`), and the thumbnail is written with
 * mozjpeg's quantisation tables but without its trellis quantisation, deringing and scan
 * search, which tripled the CPU per image (a 1920×1080 screenshot: 47 → 17 ms, 41 → 45 KiB;
 * a 2 MB photo-like one: 105 → 41 ms, 115 → 130 KiB; plain libjpeg-turbo: 15 ms, 55 KiB).
 */
async function decode(store: EvidenceStore, key: EvidenceKey): Promise<Thumbnail | null> {
  const stored = await store.open(key);
  if (!stored) return null;
  const pipeline = sharp({
    sequentialRead: true,
    failOn: 'error',
    limitInputPixels: MAX_INPUT_PIXELS,
  })
    .rotate()
    .resize({
      width: THUMB_MAX,
      height: THUMB_MAX,
      fit: 'inside',
      withoutEnlargement: true,
      fastShrinkOnLoad: true,
    })
    .flatten({ background: '#ffffff' })
    .jpeg({
      quality: 80,
      mozjpeg: true,
      trellisQuantisation: false,
      overshootDeringing: false,
      optimiseScans: false,
    });
  stored.stream.on('error', (err) => pipeline.destroy(err));
  stored.stream.pipe(pipeline);
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch {
    // An image that does not decode is listed without a thumbnail rather than failing anything.
    return null;
  } finally {
    stored.stream.destroy();
  }
}

/**
 * The thumbnail of one stored image: from the cache, or decoded (in a slot) and cached. Null
 * when the file is gone or is not an image sharp can read. Never throws for a bad image.
 */
export async function thumbnailOf(
  store: EvidenceStore,
  cache: ThumbnailCache,
  key: EvidenceKey,
  priority: ThumbnailPriority,
  signal?: AbortSignal,
): Promise<Thumbnail | null> {
  const cached = await cache.get(key.sha256);
  if (cached) return cached;
  return inSlot(priority, async () => {
    // Work queued before a shutdown is dropped when its turn comes.
    if (signal?.aborted) return null;
    const running = inflight.get(key.sha256);
    if (running) return running;
    // Made by someone else while this call waited for its slot?
    const made = await cache.get(key.sha256);
    if (made) return made;
    const work = decode(store, key).then(async (image) => {
      if (image) await cache.put(key.sha256, image).catch(() => undefined);
      return image;
    });
    inflight.set(key.sha256, work);
    try {
      return await work;
    } finally {
      inflight.delete(key.sha256);
    }
  });
}

/** Makes and caches a thumbnail unless it is cached already; keeps nothing in memory. */
export async function ensureThumbnail(
  store: EvidenceStore,
  cache: ThumbnailCache,
  key: EvidenceKey,
  priority: ThumbnailPriority,
  signal?: AbortSignal,
): Promise<void> {
  if (await cache.has(key.sha256)) return;
  await thumbnailOf(store, cache, key, priority, signal);
}
