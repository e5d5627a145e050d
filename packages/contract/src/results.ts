import type { CountsAs } from './api/execution.js';
import type { AttackTagKind } from './api/library.js';
import type { Fact } from './outcomes.js';
import { TestState } from './test-workflow.js';

/**
 * Derived result numbers of mission tests, computed in one place so the dashboard, heat map,
 * layer, CSV, report and compare page can never disagree. Pure functions over small plain
 * input rows (wire names), callable from the server, the web app and report builders.
 */

/** A detection level as results need it. */
export interface ResultLevel {
  id: string;
  key: string;
  rank: number;
  counts_as: CountsAs;
  coverage_score: number;
}
/** One defence tool's result on a test (unrecorded tools are all TBD). */
export interface ResultTool {
  prevented: Fact;
  alerted: Fact;
  logged: Fact;
  /** ISO 8601 time; null when blue recorded none. */
  detected_at: string | null;
}
export interface ResultTactic {
  external_id: string;
  /** Null for a tactic known only from a tactic tag (the snapshot keeps no shortname). */
  shortname: string | null;
  name: string | null;
}
/** A test's ATT&CK tag snapshot; technique tags carry their tactics. */
export interface ResultTag {
  kind: AttackTagKind;
  external_id: string;
  name: string | null;
  tactics: ReadonlyArray<{ external_id: string; shortname: string; name: string }>;
}
export interface ResultTest {
  id: string;
  state: TestState;
  /** Blue's overall outcome; null while none is set. */
  level: ResultLevel | null;
  executed_at: string | null;
  attack_started_at: string | null;
  tools: readonly ResultTool[];
  tags: readonly ResultTag[];
}

/**
 * Which tests have an outcome: `recorded` (default) counts the level of every executed or
 * reviewed test; `reviewed` counts only tests blue marked reviewed_by_blue.
 */
export type OutcomeBasis = 'recorded' | 'reviewed';
export interface ResultOptions {
  basis?: OutcomeBasis;
}

export const RESULT_CLASSES = [
  'pending',
  'skipped',
  'blocked',
  /** Ran (executed or reviewed) but blue set no detection level. */
  'awaiting_outcome',
  /** Basis `reviewed` only: has a level but is not reviewed_by_blue yet. */
  'awaiting_review',
  'none',
  'logged',
  'alerted',
  'prevented',
] as const;
export type ResultClass = (typeof RESULT_CLASSES)[number];

/** Orders ids as strings (ties in aggregations go to the smallest id). */
export const cmpId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export const isReviewed = (t: Pick<ResultTest, 'state'>): boolean => t.state === 'reviewed_by_blue';
/** The test was run: executed or reviewed by blue (skipped and blocked were not). */
export const hasRun = (t: Pick<ResultTest, 'state'>): boolean =>
  t.state === 'executed' || t.state === 'reviewed_by_blue';

/** The test's class: its state until it ran, then its level's `counts_as` once it has one. */
export function classifyTest(
  t: Pick<ResultTest, 'state' | 'level'>,
  opts: ResultOptions = {},
): ResultClass {
  if (t.state === 'pending' || t.state === 'skipped' || t.state === 'blocked') return t.state;
  if (!t.level) return 'awaiting_outcome';
  if (opts.basis === 'reviewed' && !isReviewed(t)) return 'awaiting_review';
  return t.level.counts_as;
}

/** The outcome the test counts with, or null when it has none (see classifyTest). */
export function testOutcome(
  t: Pick<ResultTest, 'state' | 'level'>,
  opts: ResultOptions = {},
): CountsAs | null {
  const c = classifyTest(t, opts);
  return c === 'none' || c === 'logged' || c === 'alerted' || c === 'prevented' ? c : null;
}

/** A rate with its explicit numerator and denominator; `rate` is null when nothing counts. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
export const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

export function countClasses(
  tests: ReadonlyArray<Pick<ResultTest, 'state' | 'level'>>,
  opts: ResultOptions = {},
): Record<ResultClass, number> {
  const counts = zeros(RESULT_CLASSES);
  for (const t of tests) counts[classifyTest(t, opts)]++;
  return counts;
}

const withOutcome = (c: Record<ResultClass, number>) => c.none + c.logged + c.alerted + c.prevented;
export type OutcomeTests = ReadonlyArray<Pick<ResultTest, 'state' | 'level'>>;

export interface OutcomeBreakdown {
  total: number;
  classes: Record<ResultClass, number>;
  detection: Rate;
  prevention: Rate;
  logged_only: Rate;
}
export function outcomeBreakdown(tests: OutcomeTests, opts: ResultOptions = {}): OutcomeBreakdown {
  const c = countClasses(tests, opts);
  const d = withOutcome(c);
  return {
    total: tests.length,
    classes: c,
    detection: rate(c.alerted + c.prevented, d),
    prevention: rate(c.prevented, d),
    logged_only: rate(c.logged, d),
  };
}

/** Alerted + prevented over the tests with an outcome (logged is reported apart). */
export const detectionRate = (tests: OutcomeTests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).detection;
export const preventionRate = (tests: OutcomeTests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).prevention;
/** Logged but neither alerted nor prevented, over the tests with an outcome. */
export const loggedOnlyRate = (tests: OutcomeTests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).logged_only;

export function countByState(tests: ReadonlyArray<Pick<ResultTest, 'state'>>) {
  const counts = zeros(TestState.options);
  for (const t of tests) counts[t.state]++;
  return counts;
}

/** Milliseconds of an ISO time; null for null or an unparsable value. */
export const isoMs = (iso: string | null): number | null => {
  if (!iso) return null;
  const v = Date.parse(iso);
  return Number.isNaN(v) ? null : v;
};
