import {
  aggregateByTactic,
  rate,
  summarizeDurations,
  timeToAlert,
  timeToDetect,
  TestState,
  type ExpectationResult,
  type MissionDashboard,
  type OutcomeBasis,
  type ResultFilter,
  type ResultLevelInfo,
} from '@metamorph/contract';
import { matchesFilter, testFacts, type TestFacts } from './facts.js';
import type { ResultsData } from './results.types.js';

export const STATE_LABELS: Record<TestState, string> = {
  pending: 'Pending',
  executed: 'Executed',
  reviewed_by_blue: 'Reviewed',
  skipped: 'Skipped',
  blocked: 'Could not run',
};
const EXPECTATIONS: readonly ExpectationResult[] = [
  'met',
  'better',
  'not_met',
  'pending',
  'no_tool',
];

export interface DashboardInput {
  mission: MissionDashboard['mission'];
  changeSeq: number;
  data: ResultsData;
  levels: readonly ResultLevelInfo[];
  basis: OutcomeBasis;
  tacticOrder: readonly string[];
}

/**
 * Every number of the mission dashboard, each with the filter of the tests behind it
 * (counted by matchesFilter, the same function the test list uses).
 */
export function buildDashboard(input: DashboardInput): MissionDashboard {
  const { data, basis } = input;
  const facts = testFacts(data, basis);
  const count = (extra: Omit<ResultFilter, 'basis'>) => {
    const filter: ResultFilter = { basis, ...extra };
    return { count: facts.filter((f) => matchesFilter(f, filter)).length, filter };
  };
  const withRate = (num: Omit<ResultFilter, 'basis'>, den: number) => {
    const c = count(num);
    return { ...rate(c.count, den), filter: c.filter };
  };
  const scored = facts.filter((f) => ['none', 'logged', 'alerted', 'prevented'].includes(f.cls));
  const tactics = aggregateByTactic(
    facts.map((f) => f.result),
    { basis, order: input.tacticOrder },
  );
  const gapReasons = new Map<string, number>();
  for (const f of facts) {
    const reason = f.row.gapReason?.trim();
    if (reason) gapReasons.set(reason, (gapReasons.get(reason) ?? 0) + 1);
  }
  const ran = facts.filter((f) => f.row.state === 'executed' || f.row.state === 'reviewed_by_blue');
  return {
    mission: input.mission,
    basis,
    change_seq: input.changeSeq,
    tests: facts.length,
    by_state: TestState.options.map((state) => ({
      state,
      label: STATE_LABELS[state],
      ...count({ state }),
    })),
    by_level: input.levels.map((level) => ({ level, ...count({ level: level.key }) })),
    awaiting: {
      outcome: count({ class: 'awaiting_outcome' }),
      review: count({ class: 'awaiting_review' }),
    },
    detection: withRate({ class: 'detected' }, scored.length),
    prevention: withRate({ class: 'prevented' }, scored.length),
    visibility: withRate({ class: 'logged' }, scored.length),
    by_tactic: tactics.tactics.map((t) => ({
      external_id: t.tactic.external_id,
      shortname: t.tactic.shortname,
      name: t.tactic.name,
      tests: t.test_ids.length,
      with_outcome: t.outcomes.detection.denominator,
      prevented: t.outcomes.classes.prevented,
      alerted: t.outcomes.classes.alerted,
      logged: t.outcomes.classes.logged,
      none: t.outcomes.classes.none,
      detection_rate: t.outcomes.detection.rate,
      filter: { basis, tactic: t.tactic.external_id },
    })),
    time_to_detect: summarizeDurations(ran.map((f) => timeToDetect(f.result))),
    time_to_alert: summarizeDurations(ran.map((f) => timeToAlert(f.result))),
    by_tool: data.defenceTools.map((d) => ({
      id: d.id,
      name: d.name,
      layer: d.layer,
      seen: count({ tool: d.id, tool_fact: 'seen' }),
      prevented: count({ tool: d.id, tool_fact: 'prevented' }),
      alerted: count({ tool: d.id, tool_fact: 'alerted' }),
      logged: count({ tool: d.id, tool_fact: 'logged' }),
      missed: count({ tool: d.id, tool_fact: 'missed' }),
    })),
    expectations: EXPECTATIONS.map((result) => ({ result, ...count({ expectation: result }) })),
    gap_reasons: [...gapReasons.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason]) => ({ reason, ...count({ gap_reason: reason }) })),
    overridden: count({ overridden: 'true' }),
  };
}

export type { TestFacts };
