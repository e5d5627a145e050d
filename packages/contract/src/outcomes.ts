import type { CountsAs, DetectionLevel } from './api/execution.js';

/**
 * Outcome rules shared by the server and the UI: the overall outcome suggested from the
 * per-defence-tool facts, and expected vs actual per defence layer. Pure functions.
 */

export type Fact = 'yes' | 'no' | 'tbd';
export interface ToolFacts {
  prevented: Fact;
  alerted: Fact;
  logged: Fact;
}

/** What a set of tools achieved at best: none < logged < alerted < prevented. */
export type Achieved = 'none' | 'logged' | 'alerted' | 'prevented';
const ORDER: readonly Achieved[] = ['none', 'logged', 'alerted', 'prevented'];

export type SuggestionStatus = 'suggested' | 'pending' | 'no_tools';
export interface Suggestion {
  status: SuggestionStatus;
  /** The suggested level; null while pending, without tools, or when no level fits. */
  level: Pick<DetectionLevel, 'id' | 'key'> | null;
}

const anyYes = (tools: readonly ToolFacts[], f: keyof ToolFacts) =>
  tools.some((t) => t[f] === 'yes');
const anyTbd = (tools: readonly ToolFacts[]) =>
  tools.some((t) => t.prevented === 'tbd' || t.alerted === 'tbd' || t.logged === 'tbd');

/** Which `counts_as` values the facts meet (`none` always). Each fact counts on its own. */
export function metCountsAs(tools: readonly ToolFacts[]): Set<CountsAs> {
  const met = new Set<CountsAs>(['none']);
  if (anyYes(tools, 'logged')) met.add('logged');
  if (anyYes(tools, 'alerted')) met.add('alerted');
  if (anyYes(tools, 'prevented')) met.add('prevented');
  return met;
}

/**
 * The suggested overall outcome: pending while any tool has a TBD fact; otherwise the
 * highest-ranked level whose `counts_as` the facts meet.
 */
export function suggestOutcome(
  tools: readonly ToolFacts[],
  levels: ReadonlyArray<Pick<DetectionLevel, 'id' | 'key' | 'rank' | 'counts_as'>>,
): Suggestion {
  if (tools.length === 0) return { status: 'no_tools', level: null };
  if (anyTbd(tools)) return { status: 'pending', level: null };
  const met = metCountsAs(tools);
  const best = [...levels]
    .filter((l) => met.has(l.counts_as))
    .sort((a, b) => b.rank - a.rank || a.key.localeCompare(b.key))[0];
  return { status: 'suggested', level: best ? { id: best.id, key: best.key } : null };
}

/** The best a set of tools achieved, or null while a relevant fact is still TBD. */
export function achieved(tools: readonly ToolFacts[]): Achieved | null {
  if (anyTbd(tools)) return null;
  if (anyYes(tools, 'prevented')) return 'prevented';
  if (anyYes(tools, 'alerted')) return 'alerted';
  if (anyYes(tools, 'logged')) return 'logged';
  return 'none';
}

export type Expectation = 'prevent' | 'alert' | 'log' | 'none';
const NEEDED: Record<Expectation, Achieved> = {
  prevent: 'prevented',
  alert: 'alerted',
  log: 'logged',
  none: 'none',
};

export type ExpectationStatus = 'met' | 'not_met' | 'pending' | 'no_tool';

/**
 * One layer's expectation against what its tools did: met (better than expected counts), not
 * met, pending while a fact is TBD, no_tool when the mission has no defence tool of the layer.
 */
export function compareExpectation(
  expectation: Expectation,
  layerTools: readonly ToolFacts[],
): { actual: Achieved | null; status: ExpectationStatus } {
  if (layerTools.length === 0) return { actual: null, status: 'no_tool' };
  const actual = achieved(layerTools);
  if (actual === null) return { actual, status: 'pending' };
  const ok = ORDER.indexOf(actual) >= ORDER.indexOf(NEEDED[expectation]);
  return { actual, status: ok ? 'met' : 'not_met' };
}

/** A test's overall expectation status: not met wins, then pending, then met. */
export function overallExpectation(
  statuses: readonly ExpectationStatus[],
): ExpectationStatus | null {
  const judged = statuses.filter((s) => s !== 'no_tool');
  if (judged.length === 0) return statuses.length ? 'no_tool' : null;
  if (judged.includes('not_met')) return 'not_met';
  if (judged.includes('pending')) return 'pending';
  return 'met';
}

/** met / not met / pending / no_tool, plus `better` when every judged layer met and one beat it. */
export type ExpectationOutcome = ExpectationStatus | 'better';

/**
 * A test's expected outcomes against the mission's defence tools (each with its layer): the
 * overall status (overallExpectation), `better` where met and some layer did more than
 * expected; null when the test expects nothing.
 */
export function expectationOutcome(
  expected: ReadonlyArray<{ layer: string; expectation: Expectation }>,
  tools: ReadonlyArray<ToolFacts & { layer: string | null }>,
): ExpectationOutcome | null {
  if (expected.length === 0) return null;
  const judged = expected.map((e) => ({
    e,
    ...compareExpectation(
      e.expectation,
      tools.filter((t) => t.layer === e.layer),
    ),
  }));
  const overall = overallExpectation(judged.map((j) => j.status));
  if (overall !== 'met') return overall;
  const beat = judged.some(
    (j) =>
      j.status === 'met' &&
      j.actual !== null &&
      ORDER.indexOf(j.actual) > ORDER.indexOf(NEEDED[j.e.expectation]),
  );
  return beat ? 'better' : 'met';
}
