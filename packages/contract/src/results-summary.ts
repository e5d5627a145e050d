import {
  aggregateByTactic,
  aggregateByTechnique,
  type AggregateRule,
  type TacticAggregation,
  type TechniqueResult,
} from './results-aggregate.js';
import {
  summarizeDurations,
  timeToAlert,
  timeToDetect,
  type DurationSummary,
} from './results-time.js';
import {
  countByState,
  isReviewed,
  outcomeBreakdown,
  type OutcomeBreakdown,
  type ResultOptions,
  type ResultTest,
} from './results.js';
import type { TestState } from './test-workflow.js';

/** The derived numbers of a set of tests, together. */
export interface ResultsSummary {
  by_state: Record<TestState, number>;
  reviewed: number;
  outcomes: OutcomeBreakdown;
  time_to_detect: DurationSummary;
  time_to_alert: DurationSummary;
  by_tactic: TacticAggregation;
  by_technique: TechniqueResult[];
}

/** Every derived number of a set of tests (a mission, or all missions of a client). */
export function summarizeResults(
  tests: readonly ResultTest[],
  opts: ResultOptions & { rule?: AggregateRule; tacticOrder?: readonly string[] } = {},
): ResultsSummary {
  const o = { basis: opts.basis };
  return {
    by_state: countByState(tests),
    reviewed: tests.filter(isReviewed).length,
    outcomes: outcomeBreakdown(tests, o),
    time_to_detect: summarizeDurations(tests.map(timeToDetect)),
    time_to_alert: summarizeDurations(tests.map(timeToAlert)),
    by_tactic: aggregateByTactic(tests, { ...o, order: opts.tacticOrder }),
    by_technique: aggregateByTechnique(tests, opts.rule ?? 'worst', o),
  };
}
