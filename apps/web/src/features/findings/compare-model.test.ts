import { describe, expect, it } from 'vitest';
import { deltaPoints, formatDelta, formatRate } from './compare-model';

const rate = (n: number, d: number) => ({ numerator: n, denominator: d, rate: d ? n / d : null });

describe('compare model', () => {
  it('formats rates and their change in points', () => {
    expect(formatRate(rate(1, 3))).toBe('33 %');
    expect(formatRate(rate(0, 0))).toBe('—');
    expect(deltaPoints(rate(0, 2), rate(2, 2))).toBe(100);
    expect(deltaPoints(rate(0, 0), rate(2, 2))).toBeNull();
    expect(formatDelta(100)).toBe('+100 pts');
    expect(formatDelta(-25)).toBe('−25 pts');
    expect(formatDelta(0)).toBe('±0 pts');
    expect(formatDelta(null)).toBe('');
  });
});
