import type { ResultLevel, ResultTag, ResultTest, ResultTool } from '@metamorph/contract';
import type {
  DefenceToolRow,
  ResultLevelRow,
  ResultTestRow,
  ResultToolRow,
  ResultsData,
} from './results.types.js';

/** The one place read-model rows become the contract's result inputs (wire names). */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toResultLevel = (l: ResultLevelRow): ResultLevel => ({
  id: l.id,
  key: l.key,
  rank: l.rank,
  counts_as: l.countsAs,
  coverage_score: l.coverageScore,
});

const toTool = (r: Pick<ResultToolRow, 'prevented' | 'alerted' | 'logged' | 'detectedAt'>) =>
  ({
    prevented: r.prevented,
    alerted: r.alerted,
    logged: r.logged,
    detected_at: iso(r.detectedAt),
  }) satisfies ResultTool;

const TBD: ResultTool = { prevented: 'tbd', alerted: 'tbd', logged: 'tbd', detected_at: null };

/**
 * A test row as the contract's input. With the mission's defence tools, every tool is listed
 * (all TBD until recorded), as the test detail lists them; without, the recorded ones only.
 */
export function toResultTest(
  row: ResultTestRow,
  missionTools?: readonly Pick<DefenceToolRow, 'id' | 'missionId'>[],
): ResultTest {
  const recorded = new Map(row.toolResults.map((r) => [r.defenceToolId, r]));
  const tools = missionTools
    ? missionTools
        .filter((d) => d.missionId === row.missionId)
        .map((d) => {
          const r = recorded.get(d.id);
          return r ? toTool(r) : TBD;
        })
    : row.toolResults.map(toTool);
  return {
    id: row.id,
    state: row.state,
    level: row.detectionLevel ? toResultLevel(row.detectionLevel) : null,
    executed_at: iso(row.executedAt),
    attack_started_at: iso(row.attackStartedAt),
    tools,
    tags: row.attack.map((a): ResultTag => ({
      kind: a.kind,
      external_id: a.externalId,
      name: a.name,
      tactics: a.tactics,
    })),
  };
}

/** Every test of a read, each with all its mission's defence tools. */
export const toResultTests = (data: ResultsData): ResultTest[] =>
  data.tests.map((t) => toResultTest(t, data.defenceTools));
