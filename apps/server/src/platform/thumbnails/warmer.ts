import type { EvidenceKey, EvidenceStore } from '../blob/evidence-store.js';
import type { ThumbnailCache } from './cache.js';
import { ensureThumbnail } from './make.js';

/** Keys waiting at most; past this a thumbnail is left for the report to make. */
const MAX_PENDING = 10_000;

export interface ThumbnailLog {
  warn(obj: object, msg: string): void;
}

/**
 * Makes thumbnails in the background, right after an upload commits, so the first report of
 * a mission finds them cached. Best effort by design: a thumbnail is derived data, so work
 * lost to a restart (or dropped past MAX_PENDING) only means the report makes it, as it does
 * for evidence uploaded before this existed. Decoding shares the process's thumbnail slots, in
 * which reports go first. `close()` drops what has not started and waits for what has.
 */
export class ThumbnailWarmer {
  private readonly pending = new Set<Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly store: EvidenceStore,
    private readonly cache: ThumbnailCache,
    private readonly log?: ThumbnailLog,
  ) {}

  /** Queues one stored image; returns at once. */
  schedule(key: EvidenceKey): void {
    if (this.stop.signal.aborted || this.pending.size >= MAX_PENDING) return;
    const work = ensureThumbnail(this.store, this.cache, key, 'background', this.stop.signal)
      .catch((err: unknown) => {
        this.log?.warn({ err, sha256: key.sha256 }, 'thumbnail not made after upload');
      })
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves when every queued thumbnail is made (or given up). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.idle();
  }
}
