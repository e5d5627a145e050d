import type { AttackTagKind } from './api/library.js';
import {
  hasRun,
  isoMs,
  outcomeBreakdown,
  testOutcome,
  type OutcomeBreakdown,
  type ResultLevel,
  type ResultOptions,
  type ResultTactic,
  type ResultTag,
  type ResultTest,
  cmpId,
} from './results.js';

// Aggregation of mission test results by technique and by tactic.
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
        : (isoMs(t.executed_at) ?? -Infinity);
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

/**
 * Per technique across several missions (a client's coverage): with `latest`, a technique is
 * judged by the latest mission that has an outcome for it (`missionRank`: higher is later),
 * worst within that mission, and its `test_ids` are that mission's tests; without any outcome
 * it stays awaiting / untested over all its tests. `worst` / `best` span every mission. The
 * coverage heat map and the client layer both use this, so they never disagree.
 */
export function aggregateAcrossMissions<T extends AggTest & Pick<ResultTest, 'tags'>>(
  tests: readonly T[],
  rule: AggregateRule,
  missionRank: (t: T) => number,
  opts: ResultOptions = {},
): TechniqueResult[] {
  if (rule !== 'latest') return aggregateByTechnique(tests, rule, opts);
  const byId = new Map(tests.map((t) => [t.id, t]));
  return aggregateByTechnique(tests, 'worst', opts).map((r) => {
    const group = r.test_ids.map((id) => byId.get(id)!);
    const judged = group.filter((t) => aggregateOutcome([t], 'worst', opts).status === 'outcome');
    if (judged.length === 0) return r;
    const latest = Math.max(...judged.map(missionRank));
    const inLatest = group.filter((t) => missionRank(t) === latest);
    return {
      ...r,
      test_ids: inLatest.map((t) => t.id).sort(cmpId),
      ...aggregateOutcome(inLatest, 'worst', opts),
    };
  });
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
  /** OutcomeTests without any tactic (counted in no tactic). */
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
