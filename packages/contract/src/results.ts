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

const cmpId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
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
type Tests = ReadonlyArray<Pick<ResultTest, 'state' | 'level'>>;

export interface OutcomeBreakdown {
  total: number;
  classes: Record<ResultClass, number>;
  detection: Rate;
  prevention: Rate;
  logged_only: Rate;
}
export function outcomeBreakdown(tests: Tests, opts: ResultOptions = {}): OutcomeBreakdown {
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
export const detectionRate = (tests: Tests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).detection;
export const preventionRate = (tests: Tests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).prevention;
/** Logged but neither alerted nor prevented, over the tests with an outcome. */
export const loggedOnlyRate = (tests: Tests, opts: ResultOptions = {}): Rate =>
  outcomeBreakdown(tests, opts).logged_only;

export function countByState(tests: ReadonlyArray<Pick<ResultTest, 'state'>>) {
  const counts = zeros(TestState.options);
  for (const t of tests) counts[t.state]++;
  return counts;
}

const ms = (iso: string | null): number | null => {
  if (!iso) return null;
  const v = Date.parse(iso);
  return Number.isNaN(v) ? null : v;
};

/**
 * How several tests of one technique add up: `worst` / `best` by level rank, `latest` by
 * executed_at (a test without one counts as the oldest). Ties go to the smallest test id.
 */
export type AggregateRule = 'worst' | 'best' | 'latest';
export interface AggregateOutcome {
  /** untested: no test ran; awaiting: some ran but none has an outcome yet. */
  status: 'outcome' | 'awaiting' | 'untested';
  level: ResultLevel | null;
  /** The test that decided the level. */
  test_id: string | null;
  tests: number;
  with_outcome: number;
}
type AggTest = Pick<ResultTest, 'id' | 'state' | 'level' | 'executed_at'>;

export function aggregateOutcome(
  tests: readonly AggTest[],
  rule: AggregateRule,
  opts: ResultOptions = {},
): AggregateOutcome {
  const scored = tests.filter((t) => testOutcome(t, opts) !== null);
  const base = { tests: tests.length, with_outcome: scored.length };
  if (scored.length === 0) {
    const status = tests.some(hasRun) ? 'awaiting' : 'untested';
    return { status, level: null, test_id: null, ...base };
  }
  const key = (t: AggTest): number =>
    rule === 'worst'
      ? -(t.level?.rank ?? 0)
      : rule === 'best'
        ? (t.level?.rank ?? 0)
        : (ms(t.executed_at) ?? -Infinity);
  const desc = (a: number, b: number) => (a === b ? 0 : b > a ? 1 : -1);
  const [pick] = [...scored].sort((a, b) => desc(key(a), key(b)) || cmpId(a.id, b.id));
  return { status: 'outcome', level: pick?.level ?? null, test_id: pick?.id ?? null, ...base };
}

export interface TechniqueResult extends AggregateOutcome {
  external_id: string;
  kind: AttackTagKind;
  name: string | null;
  test_ids: string[];
}

/** One entry per technique or sub-technique tag (by external id), aggregated by `rule`. */
export function aggregateByTechnique(
  tests: ReadonlyArray<AggTest & Pick<ResultTest, 'tags'>>,
  rule: AggregateRule,
  opts: ResultOptions = {},
): TechniqueResult[] {
  const groups = new Map<string, { tag: ResultTag; name: string | null; tests: AggTest[] }>();
  for (const t of tests) {
    for (const tag of t.tags) {
      if (tag.kind === 'tactic') continue;
      const g = groups.get(tag.external_id) ?? { tag, name: null, tests: [] };
      g.name ??= tag.name;
      if (!g.tests.includes(t)) g.tests.push(t);
      groups.set(tag.external_id, g);
    }
  }
  return [...groups.values()]
    .sort((a, b) => cmpId(a.tag.external_id, b.tag.external_id))
    .map((g) => ({
      external_id: g.tag.external_id,
      kind: g.tag.kind,
      name: g.name,
      test_ids: g.tests.map((t) => t.id).sort(cmpId),
      ...aggregateOutcome(g.tests, rule, opts),
    }));
}

/** A test's tactics: its tactic tags and its techniques' tactics, once each, in tag order. */
export function testTactics(t: Pick<ResultTest, 'tags'>): ResultTactic[] {
  const out = new Map<string, ResultTactic>();
  const add = (x: ResultTactic) => {
    const had = out.get(x.external_id);
    if (!had) out.set(x.external_id, { ...x });
    else {
      had.shortname ??= x.shortname;
      had.name ??= x.name;
    }
  };
  for (const tag of t.tags) {
    if (tag.kind === 'tactic')
      add({ external_id: tag.external_id, shortname: null, name: tag.name });
    for (const x of tag.tactics) add(x);
  }
  return [...out.values()];
}

export interface TacticResult {
  tactic: ResultTactic;
  test_ids: string[];
  outcomes: OutcomeBreakdown;
}
export interface TacticAggregation {
  tactics: TacticResult[];
  /** Tests without any tactic (counted in no tactic). */
  untagged: number;
}

/**
 * Outcomes per tactic; a test with several tactics counts in each. Tactics come in `order`
 * (external ids, e.g. the matrix order) first, then the rest by external id.
 */
export function aggregateByTactic(
  tests: ReadonlyArray<Pick<ResultTest, 'id' | 'state' | 'level' | 'tags'>>,
  opts: ResultOptions & { order?: readonly string[] } = {},
): TacticAggregation {
  const groups = new Map<string, { tactic: ResultTactic; tests: Array<(typeof tests)[number]> }>();
  let untagged = 0;
  for (const t of tests) {
    const tactics = testTactics(t);
    if (tactics.length === 0) untagged++;
    for (const tactic of tactics) {
      const g = groups.get(tactic.external_id);
      if (!g) groups.set(tactic.external_id, { tactic, tests: [t] });
      else {
        g.tactic.shortname ??= tactic.shortname;
        g.tactic.name ??= tactic.name;
        g.tests.push(t);
      }
    }
  }
  const order = opts.order ?? [];
  const pos = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const tactics = [...groups.values()]
    .sort(
      (a, b) =>
        pos(a.tactic.external_id) - pos(b.tactic.external_id) ||
        cmpId(a.tactic.external_id, b.tactic.external_id),
    )
    .map((g) => ({
      tactic: g.tactic,
      test_ids: g.tests.map((t) => t.id).sort(cmpId),
      outcomes: outcomeBreakdown(g.tests, opts),
    }));
  return { tactics, untagged };
}

type TimedTest = Pick<ResultTest, 'attack_started_at' | 'executed_at' | 'tools'>;

/** When the attack started: attack_started_at, else executed_at; null without either. */
export const attackStart = (t: Pick<ResultTest, 'attack_started_at' | 'executed_at'>) =>
  ms(t.attack_started_at) ?? ms(t.executed_at);

function secondsTo(t: TimedTest, counts: (r: ResultTool) => boolean): number | null {
  const start = attackStart(t);
  const times = t.tools
    .filter(counts)
    .map((r) => ms(r.detected_at))
    .filter((v): v is number => v !== null);
  if (start === null || times.length === 0) return null;
  return Math.round((Math.min(...times) - start) / 100) / 10;
}

/**
 * Seconds (to 0.1 s) from the attack start to the earliest detected_at of a tool that logged,
 * alerted or prevented (a fact of `yes`); null without a start or such a time.
 */
export const timeToDetect = (t: TimedTest): number | null =>
  secondsTo(t, (r) => r.logged === 'yes' || r.alerted === 'yes' || r.prevented === 'yes');
/** As timeToDetect, over tools whose `alerted` is yes. */
export const timeToAlert = (t: TimedTest): number | null =>
  secondsTo(t, (r) => r.alerted === 'yes');

export interface DurationSummary {
  count: number;
  median: number | null;
  /** Nearest rank: the ⌈0.9·n⌉-th smallest value. */
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** Summary of durations; nulls (no value) are left out. The median of an even count averages. */
export function summarizeDurations(values: ReadonlyArray<number | null>): DurationSummary {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  v.sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { count: 0, median: null, p90: null, min: null, max: null };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { count: n, median, p90: v[Math.ceil(0.9 * n) - 1]!, min: v[0]!, max: v[n - 1]! };
}

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
