import {
  compareExpectation,
  overallExpectation,
  suggestOutcome,
  type DefenceLayer,
  type DetectionLevel,
  type ExpectedOutcome,
  type Suggestion,
  type ToolFacts,
  type ExpectationStatus,
  type Achieved,
} from '@metamorph/contract';

/** Pure rules of the outcome panel: the live suggestion, the override, expected vs actual. */

export interface ToolOfTest {
  id: string;
  layer: DefenceLayer | null;
}

export interface LiveSuggestion extends Suggestion {
  /** Tools with at least one TBD fact. */
  tbd: number;
}

/** The suggested outcome of the facts as the user has them now (before saving). */
export function liveSuggestion(
  facts: readonly ToolFacts[],
  levels: ReadonlyArray<Pick<DetectionLevel, 'id' | 'key' | 'rank' | 'counts_as'>>,
): LiveSuggestion {
  const tbd = facts.filter(
    (f) => f.prevented === 'tbd' || f.alerted === 'tbd' || f.logged === 'tbd',
  ).length;
  return { ...suggestOutcome(facts, levels), tbd };
}

/** Whether blue's level overrides a suggestion (so it needs a reason). */
export function isOverride(suggestion: Suggestion, chosen: string | null): boolean {
  return (
    suggestion.status === 'suggested' &&
    suggestion.level !== null &&
    chosen !== null &&
    chosen !== suggestion.level.id
  );
}

/** The message that blocks a save, or null when the outcome may be saved. */
export function overrideBlock(
  suggestion: Suggestion,
  chosen: string | null,
  reason: string | null,
): string | null {
  if (!isOverride(suggestion, chosen) || (reason ?? '').trim()) return null;
  return 'The detection level differs from the suggested outcome: give an override reason, or accept the suggestion.';
}

/** A one-line summary of the suggestion ("pending — 2 tools TBD"). */
export function suggestionText(s: LiveSuggestion, levels: readonly DetectionLevel[]): string {
  if (s.status === 'no_tools')
    return 'No defence tools in this mission — add them on the Assets tab';
  if (s.status === 'pending') return `Pending — ${s.tbd} tool${s.tbd === 1 ? '' : 's'} TBD`;
  if (!s.level) return 'No detection level matches these results';
  return levels.find((l) => l.id === s.level?.id)?.label ?? s.level.key;
}

export interface LayerExpectation {
  layer: DefenceLayer;
  expectation: ExpectedOutcome['expectation'];
  actual: Achieved | null;
  status: ExpectationStatus;
}

/** Expected vs actual per layer, from the facts as the user has them now. */
export function liveExpectations(
  expected: readonly ExpectedOutcome[],
  tools: readonly ToolOfTest[],
  facts: readonly ToolFacts[],
): { layers: LayerExpectation[]; overall: ExpectationStatus | null } {
  const layers = expected.map((e) => {
    const layerFacts = tools.flatMap((t, i) => {
      const f = facts[i];
      return t.layer === e.layer && f ? [f] : [];
    });
    return {
      layer: e.layer,
      expectation: e.expectation,
      ...compareExpectation(e.expectation, layerFacts),
    };
  });
  return { layers, overall: overallExpectation(layers.map((l) => l.status)) };
}

export const STATUS_LABELS: Record<ExpectationStatus, string> = {
  met: 'met',
  not_met: 'not met',
  pending: 'pending',
  no_tool: 'no tool',
};
export const STATUS_COLOURS: Record<ExpectationStatus, string> = {
  met: 'teal',
  not_met: 'red',
  pending: 'yellow',
  no_tool: 'gray',
};

/** "42 s", "3 min 05 s", "2 h 04 min". */
export function formatSeconds(s: number): string {
  const total = Math.max(0, Math.round(s));
  if (total < 60) return `${total} s`;
  const m = Math.floor(total / 60);
  if (m < 60) return `${m} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
