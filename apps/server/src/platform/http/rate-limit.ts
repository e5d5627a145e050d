import type { Clock } from '../clock.js';

/**
 * A per-process fixed-window counter per key (an IP address): at most `limit` takes per window.
 * Keys are dropped when their window is over, and the map never holds more than `maxKeys` (the
 * oldest windows go first), so a flood of addresses cannot grow it without bound.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one attempt for `key`; when over the limit, how many seconds until the next window. */
  take(key: string): { ok: true } | { ok: false; retryAfterS: number } {
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      this.prune(now);
    }
    w.count += 1;
    if (w.count <= this.limit) return { ok: true };
    return {
      ok: false,
      retryAfterS: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)),
    };
  }

  /** Windows are (re)inserted when they start, so the map is oldest first: drop from the front. */
  private prune(now: number): void {
    for (const [k, w] of this.windows) {
      if (this.windows.size <= this.maxKeys && now - w.start < this.windowMs) break;
      this.windows.delete(k);
    }
  }
}
