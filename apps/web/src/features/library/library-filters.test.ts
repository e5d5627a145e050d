import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  filtersFromParams,
  invalidTechniqueParts,
  normalizeTechniques,
  withFilter,
  withoutFilters,
} from './library-filters';

describe('filtersFromParams', () => {
  it('reads every filter and drops malformed ones', () => {
    const f = filtersFromParams(
      new URLSearchParams(
        'q=+whoami+&technique=t1059,bad&tactic=execution&platform=Windows&tag=x&source=nope&flagged=yes',
      ),
    );
    expect(f).toEqual({
      q: 'whoami',
      technique: 'T1059',
      tactic: 'execution',
      platform: 'Windows',
      tag: 'x',
      source: undefined,
      flagged: undefined,
    });
  });

  it('keeps valid source and flagged values', () => {
    const f = filtersFromParams(new URLSearchParams('source=atomic-red-team&flagged=true'));
    expect(f.source).toBe('atomic-red-team');
    expect(f.flagged).toBe('true');
    expect(activeFilterCount(f)).toBe(2);
  });
});

describe('withFilter / withoutFilters', () => {
  it('sets, replaces and removes one filter, keeping the rest', () => {
    const base = new URLSearchParams('q=ps&platform=Linux&tab=x');
    expect(withFilter(base, 'platform', 'Windows').toString()).toBe('q=ps&platform=Windows&tab=x');
    expect(withFilter(base, 'platform', undefined).toString()).toBe('q=ps&tab=x');
    expect(withFilter(base, 'tag', '  ').toString()).toBe('q=ps&platform=Linux&tab=x');
    expect(withoutFilters(base).toString()).toBe('tab=x');
    // The input is never mutated.
    expect(base.toString()).toBe('q=ps&platform=Linux&tab=x');
  });
});

describe('technique ids', () => {
  it('normalises a typed list', () => {
    expect(normalizeTechniques('t1059, T1566.001 ,T1059 foo')).toBe('T1059,T1566.001');
    expect(normalizeTechniques('nothing')).toBeUndefined();
    expect(normalizeTechniques('')).toBeUndefined();
  });

  it('reports the parts that are not technique ids', () => {
    expect(invalidTechniqueParts('T1059, T10, ta0002')).toEqual(['T10', 'ta0002']);
    expect(invalidTechniqueParts('t1059.001')).toEqual([]);
  });
});
