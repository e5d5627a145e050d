import type { DetectionLevel } from '@metamorph/contract';

/** Pure helpers of the detection levels page: order by rank, re-rank after a drag or insert. */

type Ranked = Pick<DetectionLevel, 'id' | 'key' | 'rank'>;

export interface RankChange {
  id: string;
  rank: number;
}

/** Lowest rank first (ties by key, as the server orders them). */
export function byRank<T extends Ranked>(levels: readonly T[]): T[] {
  return [...levels].sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key));
}

/** The PATCHes that make `order` ranked 0, 1, 2, … (only the levels whose rank changes). */
export function rankChanges(order: readonly Ranked[]): RankChange[] {
  return order.flatMap((l, i) => (l.rank === i ? [] : [{ id: l.id, rank: i }]));
}

/** Drag `activeId` onto `overId`: the new order's rank changes. */
export function moveRank(
  levels: readonly Ranked[],
  activeId: string,
  overId: string,
): RankChange[] {
  const order = byRank(levels);
  const from = order.findIndex((l) => l.id === activeId);
  const to = order.findIndex((l) => l.id === overId);
  if (from < 0 || to < 0 || from === to) return [];
  const [moved] = order.splice(from, 1);
  if (moved) order.splice(to, 0, moved);
  return rankChanges(order);
}

/**
 * Inserting a new level right after `afterId` (or first when null): the rank it takes and the
 * existing levels that move up to make room.
 */
export function insertRank(
  levels: readonly Ranked[],
  afterId: string | null,
): { rank: number; shifts: RankChange[] } {
  const order = byRank(levels);
  const at = afterId === null ? 0 : order.findIndex((l) => l.id === afterId) + 1;
  const slot = { id: '', key: '', rank: -1 };
  const next = [...order.slice(0, at), slot, ...order.slice(at)];
  const changes = rankChanges(next);
  return { rank: at, shifts: changes.filter((c) => c.id !== '') };
}
