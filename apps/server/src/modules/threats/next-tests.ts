import type { NextTestItem, NextTestReason, NextTestTemplate } from '@metamorph/contract';
import { importance, type Judged, type ProfileTech } from './threat-score.js';

const DAY_MS = 86_400_000;

/**
 * The ranked next tests (docs/threat-coverage.md): profile techniques missed, not tested, or
 * whose newest result is older than `staleDays` (stale counts as not tested). Ordered by
 * priority = weight × max(1, groups) descending, then missed before not tested / stale, then
 * technique id. Ranks start at 1.
 */
export function rankNextTests(
  techs: readonly ProfileTech[],
  judged: ReadonlyMap<string, Judged>,
  templates: ReadonlyMap<string, NextTestTemplate[]>,
  opts: { now: Date; staleDays: number | null },
): NextTestItem[] {
  const cutoff = opts.staleDays === null ? null : opts.now.getTime() - opts.staleDays * DAY_MS;
  const items: Array<Omit<NextTestItem, 'rank'>> = [];
  for (const t of techs) {
    const j = judged.get(t.techniqueId);
    const status = j?.status ?? 'not_tested';
    const last = j?.lastTestedAt ?? null;
    let reason: NextTestReason | null = null;
    if (status === 'not_tested') reason = 'not_tested';
    else if (cutoff !== null && last !== null && Date.parse(last) < cutoff) reason = 'stale';
    else if (status === 'missed') reason = 'missed';
    if (!reason) continue;
    items.push({
      technique_id: t.techniqueId,
      name: t.name,
      tactics: t.tactics,
      reason,
      status,
      groups: t.groups,
      weight: t.weight,
      priority: importance(t),
      last_tested_at: last,
      templates: templates.get(t.techniqueId) ?? [],
    });
  }
  const cls = (r: NextTestReason) => (r === 'missed' ? 0 : 1);
  return items
    .sort(
      (a, b) =>
        b.priority - a.priority ||
        cls(a.reason) - cls(b.reason) ||
        (a.technique_id < b.technique_id ? -1 : a.technique_id > b.technique_id ? 1 : 0),
    )
    .map((x, i) => ({ rank: i + 1, ...x }));
}
