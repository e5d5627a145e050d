import { describe, expect, it } from 'vitest';
import {
  FINDING_TRANSITIONS,
  FindingStatus,
  HttpUrl,
  FindingCreate,
  canMoveFinding,
  suggestSeverity,
  testVerdict,
} from './index.js';

describe('findings rules', () => {
  it('keeps retest_passed final and every target a known status', () => {
    expect(FINDING_TRANSITIONS.retest_passed).toEqual([]);
    for (const targets of Object.values(FINDING_TRANSITIONS)) {
      for (const t of targets) expect(FindingStatus.options).toContain(t);
    }
    expect(canMoveFinding('open', 'fixed')).toBe(false);
    expect(canMoveFinding('in_progress', 'fixed')).toBe(true);
  });

  it('judges a reviewed test: expectation first, else detection', () => {
    const v = (
      outcome: 'none' | 'logged' | 'alerted' | 'prevented' | null,
      expectation = null as never,
    ) => testVerdict({ reviewed: true, outcome, expectation });
    expect(v('none')).toBe('gap');
    expect(v('logged')).toBe('gap');
    expect(v('alerted')).toBe('pass');
    expect(v(null)).toBeNull();
    expect(testVerdict({ reviewed: true, outcome: 'logged', expectation: 'met' })).toBe('pass');
    expect(testVerdict({ reviewed: true, outcome: 'alerted', expectation: 'not_met' })).toBe('gap');
    expect(testVerdict({ reviewed: false, outcome: 'none', expectation: null })).toBeNull();
  });

  it('suggests severity from outcome and opsec level', () => {
    expect(suggestSeverity('none', 'low')).toBe('critical');
    expect(suggestSeverity('none', 'medium')).toBe('high');
    expect(suggestSeverity('logged', 'high')).toBe('low');
    expect(suggestSeverity('alerted', 'high')).toBe('info');
  });

  it('accepts only http(s) ticket URLs and refuses unknown fields', () => {
    expect(HttpUrl.safeParse('https://x.example/T-1').success).toBe(true);
    expect(HttpUrl.safeParse('ftp://x.example').success).toBe(false);
    expect(HttpUrl.safeParse('javascript:alert(1)').success).toBe(false);
    expect(FindingCreate.safeParse({ title: 'a', extra: 1 }).success).toBe(false);
    expect(FindingCreate.parse({ title: ' a ' })).toMatchObject({ title: 'a', severity: 'medium' });
  });
});
