import type { aggregateOutcome } from '@metamorph/contract';
import {
  aggregateAcrossMissions,
  aggregateByTechnique,
  cmpId,
  type AggregateRule,
  type HeatmapCell,
  type OutcomeBasis,
  type ResultLevelInfo,
} from '@metamorph/contract';
import type { TestFacts } from './facts.js';
import type { ResultLevelRow } from './results.types.js';

export const toLevelInfo = (l: ResultLevelRow): ResultLevelInfo => ({
  id: l.id,
  key: l.key,
  label: l.label,
  colour: l.colour,
  rank: l.rank,
  counts_as: l.countsAs,
  coverage_score: l.coverageScore,
});

const detected = (f: TestFacts) => f.cls === 'alerted' || f.cls === 'prevented';

function cell(
  id: string,
  name: string | null,
  tests: readonly TestFacts[],
  agg: ReturnType<typeof aggregateOutcome>,
): HeatmapCell {
  const decider = tests.find((f) => f.row.id === agg.test_id);
  return {
    technique_id: id,
    name,
    status: agg.status,
    level: decider?.row.detectionLevel ? toLevelInfo(decider.row.detectionLevel) : null,
    tests: agg.tests,
    with_outcome: agg.with_outcome,
    detected: tests.filter(detected).length,
    deciding_test_id: agg.test_id,
    mission_ids: [...new Set(tests.map((f) => f.row.missionId))].sort(cmpId),
  };
}

/**
 * One cell per tested technique or sub-technique (each from its own tests), coloured by the
 * rule: worst / best by level rank, latest by executed_at (contract aggregateByTechnique).
 */
export function heatmapCells(
  facts: readonly TestFacts[],
  rule: AggregateRule,
  basis: OutcomeBasis,
): HeatmapCell[] {
  const byId = new Map(facts.map((f) => [f.row.id, f]));
  return aggregateByTechnique(
    facts.map((f) => f.result),
    rule,
    { basis },
  ).map((t) =>
    cell(
      t.external_id,
      t.name,
      t.test_ids.map((id) => byId.get(id)!),
      t,
    ),
  );
}

/**
 * Across missions with the `latest` rule: a technique is judged by the latest mission (in
 * `missionOrder`, oldest first) with an outcome for it, worst within that mission; without
 * any outcome it is awaiting or untested over all its tests. worst / best span every mission.
 * Each cell lists its missions in `missionOrder`.
 */
export function coverageCells(
  facts: readonly TestFacts[],
  rule: AggregateRule,
  basis: OutcomeBasis,
  missionOrder: readonly string[],
): HeatmapCell[] {
  const pos = new Map(missionOrder.map((id, i) => [id, i]));
  // A cell's missions in date order, oldest first: the last is the latest (the page links it).
  const dated = (c: HeatmapCell): HeatmapCell => ({
    ...c,
    mission_ids: [...c.mission_ids].sort((a, b) => (pos.get(a) ?? -1) - (pos.get(b) ?? -1)),
  });
  if (rule !== 'latest') return heatmapCells(facts, rule, basis).map(dated);
  const byId = new Map(facts.map((f) => [f.row.id, f]));
  // Every mission that tested the technique, not only the one that judged it.
  const missions = new Map(heatmapCells(facts, 'worst', basis).map((c) => [c.technique_id, c]));
  return aggregateAcrossMissions(
    facts.map((f) => f.result),
    rule,
    (t) => pos.get(byId.get(t.id)!.row.missionId) ?? -1,
    { basis },
  )
    .map((t) => ({
      ...cell(
        t.external_id,
        t.name,
        t.test_ids.map((id) => byId.get(id)!),
        t,
      ),
      mission_ids: missions.get(t.external_id)?.mission_ids ?? [],
    }))
    .map(dated);
}
