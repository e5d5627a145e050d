import { describe, expect, it } from 'vitest';
import { attackKind, parseAttackId, sortAttackIds, tagColor, tagTooltip } from './attack-tags';

describe('parseAttackId', () => {
  it('accepts tactic, technique and sub-technique ids in any case', () => {
    expect(parseAttackId(' t1059.001 ')).toBe('T1059.001');
    expect(parseAttackId('ta0002')).toBe('TA0002');
    expect(parseAttackId('T1059')).toBe('T1059');
  });

  it('rejects anything else', () => {
    for (const bad of ['T105', 'T1059.01', 'TA02', 'powershell', 'T1059.001.002', ''])
      expect(parseAttackId(bad)).toBeNull();
  });
});

describe('tag display', () => {
  it('derives the kind from the id', () => {
    expect(attackKind('TA0001')).toBe('tactic');
    expect(attackKind('T1059')).toBe('technique');
    expect(attackKind('T1059.001')).toBe('subtechnique');
  });

  it('explains revoked, deprecated and unknown tags', () => {
    expect(
      tagTooltip({ name: 'Compile After Delivery', status: 'revoked', revoked_by: 'T1027.004' }),
    ).toBe('Compile After Delivery: revoked → T1027.004');
    expect(tagTooltip({ name: 'Scripting', status: 'deprecated', revoked_by: null })).toContain(
      'deprecated',
    );
    expect(tagTooltip({ name: null, status: 'unknown', revoked_by: null })).toContain('Unknown');
    expect(tagTooltip({ name: 'PowerShell', status: 'ok', revoked_by: null })).toBe('PowerShell');
    expect(tagColor('ok')).toBe('purple');
    expect(tagColor('revoked')).toBe('red');
  });

  it('sorts tactics first, then techniques', () => {
    expect(sortAttackIds(['T1059.001', 'TA0002', 'T1027', 'T1059'])).toEqual([
      'TA0002',
      'T1027',
      'T1059',
      'T1059.001',
    ]);
  });
});
