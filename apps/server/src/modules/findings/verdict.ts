import {
  expectationOutcome,
  testOutcome,
  testVerdict,
  type CountsAs,
  type ExpectationOutcome,
} from '@metamorph/contract';
import { toResultTest, type ResultTestRow, type ResultsData } from '../results/index.js';

/** A test of a results read with what findings judge it by (contract functions only). */
export interface JudgedTest {
  row: ResultTestRow;
  /** Outcome on the reviewed basis: null until reviewed with a level. */
  outcome: CountsAs | null;
  expectation: ExpectationOutcome | null;
  verdict: 'pass' | 'gap' | null;
}

const TBD = { prevented: 'tbd', alerted: 'tbd', logged: 'tbd' } as const;

/** Every test of the read, judged: reviewed tests get `pass` or `gap` (testVerdict). */
export function judgeTests(data: ResultsData): JudgedTest[] {
  return data.tests.map((row) => {
    const recorded = new Map(row.toolResults.map((r) => [r.defenceToolId, r]));
    const tools = data.defenceTools
      .filter((d) => d.missionId === row.missionId)
      .map((d) => {
        const r = recorded.get(d.id);
        return r
          ? { prevented: r.prevented, alerted: r.alerted, logged: r.logged, layer: d.layer }
          : { ...TBD, layer: d.layer };
      });
    const outcome = testOutcome(toResultTest(row, data.defenceTools), { basis: 'reviewed' });
    const expectation = expectationOutcome(row.expectedOutcomes, tools);
    const verdict = testVerdict({
      reviewed: row.state === 'reviewed_by_blue',
      outcome,
      expectation,
    });
    return { row, outcome, expectation, verdict };
  });
}

/** Technique and sub-technique ids of a test's tag snapshot, sorted. */
export const techniqueIds = (row: ResultTestRow): string[] =>
  [...new Set(row.attack.filter((a) => a.kind !== 'tactic').map((a) => a.externalId))].sort();
