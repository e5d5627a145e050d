import type {
  AggregateRule,
  OutcomeBasis,
  ResultLevelInfo,
  ThreatScoreInputs,
  ThreatStatus,
} from '@metamorph/contract';
import { coverageCells, type TestFacts } from '../results/index.js';

/** A profile technique as the coverage needs it. */
export interface ProfileTech {
  techniqueId: string;
  name: string;
  tactics: string[];
  weight: number;
  groups: string[];
}

export interface Judged {
  status: ThreatStatus;
  level: ResultLevelInfo | null;
  tests: string[];
  missionIds: string[];
  lastTestedAt: string | null;
}

/** weight × max(1, number of profile entries using it): the score's and the ranking's unit. */
export const importance = (t: Pick<ProfileTech, 'weight' | 'groups'>): number =>
  t.weight * Math.max(1, t.groups.length);

const SAW = new Set(['logged', 'alerted', 'prevented']);
const DETECTS = new Set(['alerted', 'prevented']);

/**
 * The status of a technique from its coverage cell (same rule as the client heat map):
 * detected = alerted or prevented at `minRank` or above; logged = something saw it below
 * that bar (logged, or an alert under the chosen level); missed = not detected; not_tested =
 * no test of the technique has an outcome on the basis.
 */
export function statusOf(level: ResultLevelInfo | null, minRank: number | null): ThreatStatus {
  if (!level) return 'not_tested';
  if (DETECTS.has(level.counts_as) && minRank !== null && level.rank >= minRank) return 'detected';
  if (SAW.has(level.counts_as)) return 'logged';
  return 'missed';
}

const hasOutcome = (f: TestFacts) =>
  f.cls === 'none' || f.cls === 'logged' || f.cls === 'alerted' || f.cls === 'prevented';

/** Every profile technique judged from these facts (missions in `order`, oldest first). */
export function judgeTechniques(
  techs: readonly ProfileTech[],
  facts: readonly TestFacts[],
  rule: AggregateRule,
  basis: OutcomeBasis,
  order: readonly string[],
  minRank: number | null,
): Map<string, Judged> {
  const wanted = new Set(techs.map((t) => t.techniqueId));
  const mine = facts.filter((f) =>
    f.row.attack.some((a) => a.kind !== 'tactic' && wanted.has(a.externalId)),
  );
  const cells = new Map(coverageCells(mine, rule, basis, order).map((c) => [c.technique_id, c]));
  const last = new Map<string, string>();
  for (const f of mine) {
    if (!hasOutcome(f)) continue;
    const at = f.row.executedAt?.toISOString() ?? null;
    if (!at) continue;
    for (const a of f.row.attack) {
      if (a.kind === 'tactic' || !wanted.has(a.externalId)) continue;
      const had = last.get(a.externalId);
      if (!had || at > had) last.set(a.externalId, at);
    }
  }
  const out = new Map<string, Judged>();
  for (const t of techs) {
    const c = cells.get(t.techniqueId);
    const level = c && c.status === 'outcome' ? c.level : null;
    out.set(t.techniqueId, {
      status: statusOf(level, minRank),
      level,
      tests: c && level ? [c.deciding_test_id!].filter(Boolean) : [],
      missionIds: c?.mission_ids ?? [],
      lastTestedAt: level ? (last.get(t.techniqueId) ?? null) : null,
    });
  }
  return out;
}

/** score = Σ importance(detected) / Σ importance(all); null when nothing is counted. */
export function scoreOf(
  techs: readonly ProfileTech[],
  judged: Map<string, Judged>,
): { score: number | null; inputs: ThreatScoreInputs } {
  const inputs: ThreatScoreInputs = {
    techniques: techs.length,
    detected: 0,
    logged: 0,
    missed: 0,
    not_tested: 0,
    detected_importance: 0,
    total_importance: 0,
  };
  for (const t of techs) {
    const s = judged.get(t.techniqueId)?.status ?? 'not_tested';
    inputs[s]++;
    const w = importance(t);
    inputs.total_importance += w;
    if (s === 'detected') inputs.detected_importance += w;
  }
  const score =
    inputs.total_importance === 0 ? null : inputs.detected_importance / inputs.total_importance;
  return { score, inputs };
}
