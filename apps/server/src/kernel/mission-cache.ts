import { Lru } from '../platform/lru.js';
import type { MissionAccess } from './mission-access.js';

/**
 * Derived answers of a mission (its plan, dashboard, heat map …) cached per process by
 * (mission, change sequence, hidden-test visibility, the caller's parts). Every mission write
 * bumps the change sequence in its transaction (kernel/changes.ts), and every read takes the
 * sequence from the mission row it has just read (`missionAccess`), so a write committed by
 * this process or any other makes a new key at once: a hit is never stale, and old entries
 * simply age out of the LRU. `parts` must carry everything else the answer depends on.
 */
export class MissionCache<V> {
  private readonly lru: Lru<V>;
  constructor(max: number) {
    this.lru = new Lru<V>(max);
  }

  /** The key of this caller's answer: also what its ETag is made of. */
  static key(access: MissionAccess, parts: readonly string[]): string {
    const m = access.mission;
    return [m.id, m.changeSeq, access.seesHidden ? 'all' : 'blue', ...parts].join('|');
  }

  async get(access: MissionAccess, parts: readonly string[], build: () => Promise<V>): Promise<V> {
    const key = MissionCache.key(access, parts);
    const hit = this.lru.get(key);
    if (hit !== undefined) return hit;
    const value = await build();
    this.lru.set(key, value);
    return value;
  }

  get size(): number {
    return this.lru.size;
  }
}

/**
 * A weak ETag for a mission-derived answer: the same in every process for the same sequence
 * and variant (a load balancer may send the revalidation to another instance), never the same
 * across variants (a blue-only caller never gets a 304 for the full plan). `format` changes
 * when the answer's shape does, so an upgrade does not revalidate an old body.
 */
export function missionEtag(access: MissionAccess, what: string, format: number): string {
  const m = access.mission;
  return `W/"${what}.${format}-${m.changeSeq}-${access.seesHidden ? 'a' : 'b'}"`;
}
