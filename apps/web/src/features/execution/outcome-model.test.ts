import { DEFAULT_DETECTION_LEVELS, type DetectionLevel, type ToolFacts } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  formatSeconds,
  isOverride,
  liveExpectations,
  liveSuggestion,
  overrideBlock,
  suggestionText,
} from './outcome-model';

const LEVELS: DetectionLevel[] = DEFAULT_DETECTION_LEVELS.map((l) => ({ ...l, id: l.key }));
const f = (
  prevented: ToolFacts['prevented'],
  alerted: ToolFacts['alerted'],
  logged: ToolFacts['logged'],
) => ({
  prevented,
  alerted,
  logged,
});

describe('outcome model', () => {
  it('suggests live from the facts', () => {
    const pending = liveSuggestion([f('no', 'yes', 'yes'), f('tbd', 'no', 'no')], LEVELS);
    expect(pending).toMatchObject({ status: 'pending', tbd: 1 });
    expect(suggestionText(pending, LEVELS)).toBe('Pending — 1 tool TBD');
    const alerted = liveSuggestion([f('no', 'yes', 'yes'), f('no', 'no', 'yes')], LEVELS);
    expect(alerted.level?.key).toBe('alerted');
    expect(suggestionText(alerted, LEVELS)).toBe('Alerted');
    expect(suggestionText(liveSuggestion([], LEVELS), LEVELS)).toMatch(/Assets tab/);
  });

  it('needs a reason to override a suggestion', () => {
    const s = liveSuggestion([f('no', 'yes', 'no')], LEVELS);
    expect(isOverride(s, 'alerted')).toBe(false);
    expect(isOverride(s, null)).toBe(false);
    expect(isOverride(s, 'logged')).toBe(true);
    expect(overrideBlock(s, 'logged', '  ')).toMatch(/override reason/);
    expect(overrideBlock(s, 'logged', 'triaged late')).toBeNull();
    expect(
      overrideBlock(liveSuggestion([f('tbd', 'yes', 'no')], LEVELS), 'logged', null),
    ).toBeNull();
  });

  it('compares expected and actual per layer', () => {
    const tools = [
      { id: 'e', layer: 'edr' as const },
      { id: 's', layer: 'siem' as const },
    ];
    const r = liveExpectations(
      [
        { layer: 'edr', expectation: 'alert' },
        { layer: 'siem', expectation: 'log' },
        { layer: 'firewall', expectation: 'prevent' },
      ],
      tools,
      [f('yes', 'no', 'no'), f('no', 'no', 'tbd')],
    );
    expect(r.layers.map((l) => l.status)).toEqual(['met', 'pending', 'no_tool']);
    expect(r.overall).toBe('pending');
  });

  it('formats durations', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(185)).toBe('3 min 05 s');
    expect(formatSeconds(7440)).toBe('2 h 04 min');
  });
});
