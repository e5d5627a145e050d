import { describe, expect, it } from 'vitest';
import {
  EMPTY_AD_HOC,
  adHocBody,
  normaliseAttackId,
  parseLayerText,
  plannedDay,
  planningPatch,
  validateAdHoc,
} from './plan-model';

describe('planningPatch', () => {
  const test = { assignee_id: 'u1', planned_on: '2026-12-01' };
  it('sends only what changed', () => {
    expect(planningPatch(test, 'u1', '2026-12-01')).toEqual({});
    expect(planningPatch(test, 'u2', '2026-12-01')).toEqual({ assignee_id: 'u2' });
    expect(planningPatch(test, null, '')).toEqual({ assignee_id: null, planned_on: null });
    expect(planningPatch({ assignee_id: null, planned_on: null }, null, '2026-12-03')).toEqual({
      planned_on: '2026-12-03',
    });
  });
});

describe('plannedDay', () => {
  it('formats a calendar day without shifting it', () => {
    expect(plannedDay('2026-12-01', 'en-GB')).toBe('Tue 1 Dec');
    expect(plannedDay('not a day', 'en-GB')).toBe('not a day');
  });
});

describe('ad hoc test form', () => {
  it('needs a scenario, a name and well-formed ATT&CK ids', () => {
    expect(validateAdHoc(EMPTY_AD_HOC)).toEqual({
      scenario_id: 'pick a scenario',
      name: 'must not be empty',
    });
    const form = { ...EMPTY_AD_HOC, scenario_id: 's1', name: 'x', attack_ids: ['t1059', 'X12'] };
    expect(validateAdHoc(form)).toEqual({
      attack_ids: 'X12: must look like TA0002, T1059 or T1059.001',
    });
  });
  it('builds the body: trimmed, upper-cased, deduplicated, empty text as null', () => {
    const body = adHocBody({
      scenario_id: 's1',
      name: ' Dump LSASS ',
      objective: ' ',
      procedure_md: 'procdump -ma lsass',
      attack_ids: ['t1003.001', 'T1003.001 ', 'TA0006'],
      platforms: ['Windows', ' '],
    });
    expect(body).toEqual({
      scenario_id: 's1',
      name: 'Dump LSASS',
      description: null,
      objective: null,
      procedure_md: 'procdump -ma lsass',
      expected_red_md: null,
      expected_blue_md: null,
      attack_ids: ['T1003.001', 'TA0006'],
      platforms: ['Windows'],
    });
    expect(normaliseAttackId(' ta0002 ')).toBe('TA0002');
  });
});

describe('parseLayerText', () => {
  it('reads JSON or says why not', () => {
    expect(parseLayerText('{"name":"L","techniques":[]}')).toEqual({
      ok: true,
      layer: { name: 'L', techniques: [] },
    });
    expect(parseLayerText('  ')).toEqual({ ok: false, error: 'The file is empty.' });
    const bad = parseLayerText('{nope');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^The file is not JSON: /);
  });
});
