import type { MissionCompare } from '@metamorph/contract';

/** Formatting of the compare page: rates, their change, and how each test moved. */

export type Rate = MissionCompare['detection']['before'];
export type Change = MissionCompare['tests'][number]['change'];

export const CHANGE_META: Record<Change, { label: string; color: string }> = {
  improved: { label: 'Improved', color: 'teal' },
  regressed: { label: 'Regressed', color: 'red' },
  unchanged: { label: 'Unchanged', color: 'gray' },
  pending: { label: 'Not reviewed yet', color: 'yellow' },
  added: { label: 'New test', color: 'blue' },
  dropped: { label: 'Not retested', color: 'gray' },
};

/** "67 %", or "—" without a reviewed pair. */
export function formatRate(r: Rate): string {
  return r.rate === null ? '—' : `${Math.round(r.rate * 100)} %`;
}

/** Percentage points gained (positive) or lost; null when either side has no rate. */
export function deltaPoints(before: Rate, after: Rate): number | null {
  if (before.rate === null || after.rate === null) return null;
  return Math.round((after.rate - before.rate) * 100);
}

export function formatDelta(points: number | null): string {
  if (points === null) return '';
  if (points === 0) return '±0 pts';
  return `${points > 0 ? '+' : '−'}${Math.abs(points)} pts`;
}

/** How many tests moved each way (the summary line). */
export function changeCounts(c: MissionCompare): Record<Change, number> {
  const counts: Record<Change, number> = {
    improved: 0,
    regressed: 0,
    unchanged: 0,
    pending: 0,
    added: 0,
    dropped: 0,
  };
  for (const t of c.tests) counts[t.change] += 1;
  return counts;
}
