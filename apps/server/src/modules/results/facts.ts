import {
  classifyTest,
  expectationOutcome,
  testTactics,
  type ExpectationOutcome,
  type OutcomeBasis,
  type ResultClass,
  type ResultFilter,
  type ResultTest,
  type ToolFacts,
} from '@metamorph/contract';
import { toResultTest } from './results.mapper.js';
import type { ResultTestRow, ResultsData } from './results.types.js';

/**
 * What every results figure is computed from, once per test: its contract input, class on
 * the basis, expected-vs-actual and the facts of each of its mission's defence tools. The
 * dashboard counts with `matchesFilter` and the test list filters with it, so a number and
 * the tests behind it can never disagree.
 */
export interface TestFacts {
  row: ResultTestRow;
  result: ResultTest;
  cls: ResultClass;
  expectation: ExpectationOutcome | null;
  /** Every defence tool of the test's mission (TBD where blue recorded nothing). */
  tools: Array<{ id: string; facts: ToolFacts; recorded: boolean }>;
  tacticIds: Set<string>;
}

const TBD: ToolFacts = { prevented: 'tbd', alerted: 'tbd', logged: 'tbd' };

export function testFacts(data: ResultsData, basis: OutcomeBasis): TestFacts[] {
  return data.tests.map((row) => {
    const recorded = new Map(row.toolResults.map((r) => [r.defenceToolId, r]));
    const mine = data.defenceTools.filter((d) => d.missionId === row.missionId);
    const tools = mine.map((d) => {
      const r = recorded.get(d.id);
      return {
        id: d.id,
        layer: d.layer,
        recorded: r !== undefined,
        facts: r ? { prevented: r.prevented, alerted: r.alerted, logged: r.logged } : TBD,
      };
    });
    const result = toResultTest(row, data.defenceTools);
    return {
      row,
      result,
      cls: classifyTest(result, { basis }),
      expectation: expectationOutcome(
        row.expectedOutcomes,
        tools.map((t) => ({ ...t.facts, layer: t.layer })),
      ),
      tools: tools.map(({ id, facts, recorded: rec }) => ({ id, facts, recorded: rec })),
      tacticIds: new Set(testTactics(result).map((t) => t.external_id)),
    };
  });
}

const ran = (f: TestFacts) => f.row.state === 'executed' || f.row.state === 'reviewed_by_blue';
const decided = (x: ToolFacts) =>
  x.prevented !== 'tbd' || x.alerted !== 'tbd' || x.logged !== 'tbd';
const anyYes = (x: ToolFacts) => x.prevented === 'yes' || x.alerted === 'yes' || x.logged === 'yes';

/**
 * A defence tool's fact on a test that ran: `seen` = blue recorded a decided fact for the tool;
 * prevented / alerted / logged = that fact is yes; missed = seen and no fact is yes.
 */
export function toolFact(f: TestFacts, toolId: string, fact: ResultFilter['tool_fact']): boolean {
  if (!ran(f)) return false;
  const t = f.tools.find((x) => x.id === toolId);
  if (!t || !t.recorded || !decided(t.facts)) return false;
  switch (fact) {
    case 'prevented':
    case 'alerted':
    case 'logged':
      return t.facts[fact] === 'yes';
    case 'missed':
      return !anyYes(t.facts);
    default:
      return true;
  }
}

/** Does the test stand behind the filter's number? (Absent keys match everything.) */
export function matchesFilter(f: TestFacts, q: ResultFilter): boolean {
  const r = f.row;
  if (q.state && r.state !== q.state) return false;
  if (q.class) {
    const ok =
      q.class === 'detected' ? f.cls === 'alerted' || f.cls === 'prevented' : f.cls === q.class;
    if (!ok) return false;
  }
  if (q.level !== undefined) {
    const counted =
      f.cls === 'none' || f.cls === 'logged' || f.cls === 'alerted' || f.cls === 'prevented';
    if (!counted || r.detectionLevel?.key !== q.level) return false;
  }
  if (q.tactic && !f.tacticIds.has(q.tactic)) return false;
  if (q.technique && !r.attack.some((a) => a.kind !== 'tactic' && a.externalId === q.technique))
    return false;
  if (q.tool && !toolFact(f, q.tool, q.tool_fact)) return false;
  if (q.expectation && f.expectation !== q.expectation) return false;
  if (q.gap_reason !== undefined && (r.gapReason ?? '').trim() !== q.gap_reason) return false;
  if (
    q.overridden !== undefined &&
    (r.outcomeOverrideReason !== null) !== (q.overridden === 'true')
  )
    return false;
  return true;
}
