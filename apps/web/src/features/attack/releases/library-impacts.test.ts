import type { DiffImpact, ReleaseDiff } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { libraryImpacts, remapOffers, revokedIdsOf } from './library-impacts';

function impact(label: string, ids: string[], provider = 'library.test_templates'): DiffImpact {
  return {
    provider,
    kind: 'test_template',
    id: label,
    label,
    mission_id: null,
    external_ids: ids,
    reasons: ['revoked'],
  };
}

const revoked = [
  { external_id: 'T1105', revoked_by: 'T1059' },
  { external_id: 'T1500', revoked_by: null },
  { external_id: 'T1000', revoked_by: 'T1001' },
] as unknown as ReleaseDiff['revoked'];

describe('library impacts', () => {
  it('keeps the library provider, by name', () => {
    const list = libraryImpacts({
      impacts: [impact('b', ['T1105']), impact('m', ['T1105'], 'missions.tests'), impact('a', [])],
    });
    expect(list.map((i) => i.label)).toEqual(['a', 'b']);
  });

  it('offers a remap per revoked technique with a successor that tags templates', () => {
    const impacts = [impact('a', ['T1105', 'T1500']), impact('b', ['T1105'])];
    expect(remapOffers({ revoked }, impacts)).toEqual([
      { from: 'T1105', to: 'T1059', templates: 2 },
    ]);
    expect(revokedIdsOf(impacts[0] as DiffImpact, { revoked })).toEqual([
      { from: 'T1105', to: 'T1059' },
      { from: 'T1500', to: null },
    ]);
  });
});
