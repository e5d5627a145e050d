import { describe, expect, it } from 'vitest';
import {
  compareExpectation,
  overallExpectation,
  suggestOutcome,
  type Fact,
  type ToolFacts,
} from './outcomes.js';

const LEVELS = [
  { id: 'n', key: 'not_detected', rank: 0, counts_as: 'none' as const },
  { id: 'l', key: 'logged', rank: 1, counts_as: 'logged' as const },
  { id: 'a', key: 'alerted', rank: 2, counts_as: 'alerted' as const },
  { id: 'p', key: 'prevented', rank: 3, counts_as: 'prevented' as const },
];
const FACTS: Fact[] = ['yes', 'no', 'tbd'];
const every: ToolFacts[] = FACTS.flatMap((prevented) =>
  FACTS.flatMap((alerted) => FACTS.map((logged) => ({ prevented, alerted, logged }))),
);

// The expected suggestion, written out independently of the implementation.
function expectedKey(tools: ToolFacts[]): string | null | 'pending' {
  if (tools.some((t) => [t.prevented, t.alerted, t.logged].includes('tbd'))) return 'pending';
  if (tools.some((t) => t.prevented === 'yes')) return 'prevented';
  if (tools.some((t) => t.alerted === 'yes')) return 'alerted';
  if (tools.some((t) => t.logged === 'yes')) return 'logged';
  return 'not_detected';
}

describe('suggested outcome', () => {
  it('over every combination of facts of one and of two tools', () => {
    let n = 0;
    for (const a of every) {
      const one = suggestOutcome([a], LEVELS);
      expect(one.status === 'pending' ? 'pending' : one.level?.key).toBe(expectedKey([a]));
      for (const b of every) {
        const two = suggestOutcome([a, b], LEVELS);
        expect(two.status === 'pending' ? 'pending' : two.level?.key, JSON.stringify([a, b])).toBe(
          expectedKey([a, b]),
        );
        n++;
      }
    }
    expect(n).toBe(27 * 27);
  });

  it('says no_tools without tools, and picks the highest rank among levels meeting the facts', () => {
    expect(suggestOutcome([], LEVELS).status).toBe('no_tools');
    const custom = [
      ...LEVELS,
      { id: 'c', key: 'contained', rank: 5, counts_as: 'alerted' as const },
    ];
    const s = suggestOutcome([{ prevented: 'no', alerted: 'yes', logged: 'yes' }], custom);
    expect(s.level?.key).toBe('contained');
    // Nothing fits when no level counts as none and nothing was seen.
    const noNone = LEVELS.filter((l) => l.counts_as !== 'none');
    expect(
      suggestOutcome([{ prevented: 'no', alerted: 'no', logged: 'no' }], noNone).level,
    ).toBeNull();
  });
});

describe('expected vs actual', () => {
  const t = (prevented: Fact, alerted: Fact, logged: Fact): ToolFacts => ({
    prevented,
    alerted,
    logged,
  });
  it('is met when the layer did at least what was expected, pending on TBD, no_tool without tools', () => {
    expect(compareExpectation('alert', [t('yes', 'no', 'no')])).toEqual({
      actual: 'prevented',
      status: 'met',
    });
    expect(compareExpectation('alert', [t('no', 'no', 'yes')])).toEqual({
      actual: 'logged',
      status: 'not_met',
    });
    expect(compareExpectation('log', [t('no', 'no', 'yes')]).status).toBe('met');
    expect(
      compareExpectation('prevent', [t('no', 'yes', 'yes'), t('tbd', 'no', 'no')]).status,
    ).toBe('pending');
    expect(compareExpectation('none', [t('no', 'no', 'no')]).status).toBe('met');
    expect(compareExpectation('alert', []).status).toBe('no_tool');
  });
  it('rolls up: not met wins, then pending, then met', () => {
    expect(overallExpectation(['met', 'not_met', 'pending'])).toBe('not_met');
    expect(overallExpectation(['met', 'pending'])).toBe('pending');
    expect(overallExpectation(['met', 'no_tool'])).toBe('met');
    expect(overallExpectation(['no_tool'])).toBe('no_tool');
    expect(overallExpectation([])).toBeNull();
  });
});
