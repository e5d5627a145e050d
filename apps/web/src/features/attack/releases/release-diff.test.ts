import type { AttackRelease } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  countEntries,
  countText,
  defaultDiffPair,
  listDelta,
  releaseLabel,
  sourceText,
} from './release-diff';

function release(id: string, domain: AttackRelease['domain'], version: string, at: string) {
  return {
    id,
    domain,
    version,
    spec_version: '2.1',
    source: 'upload',
    sha256: 'x',
    counts: {},
    imported_at: at,
    current: false,
  } satisfies AttackRelease;
}

describe('listDelta', () => {
  it('splits added, removed and kept, in order', () => {
    expect(listDelta(['Windows', 'Linux'], ['Linux', 'macOS', 'Windows'])).toEqual({
      added: ['macOS'],
      removed: [],
      kept: ['Linux', 'Windows'],
    });
    expect(listDelta(['execution'], [])).toEqual({ added: [], removed: ['execution'], kept: [] });
  });
});

describe('defaultDiffPair', () => {
  it('compares the two newest releases of one domain, Enterprise first', () => {
    const releases = [
      release('e1', 'enterprise-attack', '17.1', '2026-01-01T00:00:00.000Z'),
      release('m1', 'mobile-attack', '17.1', '2026-01-02T00:00:00.000Z'),
      release('m2', 'mobile-attack', '18.0', '2026-01-05T00:00:00.000Z'),
      release('e2', 'enterprise-attack', '18.0', '2026-01-03T00:00:00.000Z'),
    ];
    expect(defaultDiffPair(releases)).toEqual({ from: 'e1', to: 'e2' });
    expect(defaultDiffPair(releases.filter((r) => r.id !== 'e2'))).toEqual({
      from: 'm1',
      to: 'm2',
    });
    expect(defaultDiffPair(releases.slice(0, 1))).toBeNull();
  });

  it('labels a release by domain and version', () => {
    expect(releaseLabel(release('a', 'ics-attack', '16', '2026-01-01T00:00:00.000Z'))).toBe(
      'ICS v16',
    );
  });
});

describe('countEntries', () => {
  it('orders known counts first and labels unknown ones readably', () => {
    expect(countEntries({ data_sources: 3, groups: 2, techniques: 10, tactics: 3 })).toEqual([
      { key: 'tactics', label: 'Tactics', value: 3 },
      { key: 'techniques', label: 'Techniques', value: 10 },
      { key: 'groups', label: 'Groups', value: 2 },
      { key: 'data_sources', label: 'Data sources', value: 3 },
    ]);
  });
});

describe('countText and sourceText', () => {
  it('uses the singular for one', () => {
    expect(countText({ label: 'Sub-techniques', value: 1 })).toBe('1 sub-technique');
    expect(countText({ label: 'Groups', value: 2 })).toBe('2 groups');
    expect(countText({ label: 'Software', value: 1 })).toBe('1 software');
  });

  it('names uploads and keeps URLs', () => {
    expect(sourceText('upload:mini.json')).toBe('Upload · mini.json');
    expect(sourceText('https://x.io/a.json')).toBe('https://x.io/a.json');
  });
});
