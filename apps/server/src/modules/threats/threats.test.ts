import { NextTests, ThreatCoverage, ThreatProfile } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { threatWorld, type ThreatWorld } from './test-threats.js';

/**
 * A profile of APT28 (G0007: T1566.001, T1059.001) and APT29 (G0016: the same two, T1204,
 * T1105; its deprecated T1064 is left out) plus T1027 with weight 3. Importance = weight ×
 * groups: T1027 3, T1059.001 2, T1566.001 2, T1105 1, T1204 1 (total 9). See test-threats.ts
 * for the missions.
 */
describe('threat profiles, coverage and next tests', () => {
  let t: TestApp;
  let w: ThreatWorld;
  let p: ThreatProfile;
  const base = () => `/api/clients/${w.clientId}/threat-profiles`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
    const res = await w.ok('lead', 'POST', base(), {
      name: 'Russian espionage',
      group_ids: ['G0007', 'G0016'],
      extra: [{ technique_id: 'T1027', weight: 3 }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    p = ThreatProfile.parse(res.json());
  }, 120_000);
  afterAll(() => t?.close());

  it('resolves the groups through the release’s uses relationships', () => {
    expect(p.attack_release?.version).toBe('1.1');
    expect(p.techniques.map((x) => [x.technique_id, x.weight, x.groups])).toEqual([
      ['T1027', 3, []],
      ['T1059.001', 1, ['G0007', 'G0016']],
      ['T1105', 1, ['G0016']],
      ['T1204', 1, ['G0016']],
      ['T1566.001', 1, ['G0007', 'G0016']],
    ]);
    expect(p.techniques.find((x) => x.technique_id === 'T1566.001')?.tactics).toEqual([
      'initial-access',
    ]);
  });

  it('resolves software and campaigns too', async () => {
    const res = await w.ok('admin', 'POST', base(), {
      name: 'Tooling',
      software_ids: ['S0154'],
      campaign_ids: ['C0024'],
    });
    const q = ThreatProfile.parse(res.json());
    expect(q.techniques.map((x) => [x.technique_id, x.groups])).toEqual([
      ['T1027', ['S0154']],
      ['T1027.004', ['C0024']],
      ['T1105', ['S0154']],
      ['T1566.001', ['C0024']],
    ]);
    await w.ok('admin', 'DELETE', `${base()}/${q.id}`);
  });

  it('scores the latest outcome of each technique, per tactic and per mission date', async () => {
    const c = ThreatCoverage.parse(
      (await w.ok('blue', 'GET', `${base()}/${p.id}/coverage`)).json(),
    );
    const status = Object.fromEntries(c.techniques.map((x) => [x.technique_id, x.status]));
    expect(status).toEqual({
      T1027: 'missed',
      'T1059.001': 'detected',
      T1105: 'logged',
      T1204: 'not_tested',
      'T1566.001': 'detected',
    });
    expect(c.min_level?.key).toBe('alerted');
    expect(c.score).toBeCloseTo(4 / 9);
    expect(c.inputs).toEqual({
      techniques: 5,
      detected: 2,
      logged: 1,
      missed: 1,
      not_tested: 1,
      detected_importance: 4,
      total_importance: 9,
    });
    const t1059 = c.techniques.find((x) => x.technique_id === 'T1059.001')!;
    expect(t1059).toMatchObject({
      importance: 2,
      level: { key: 'prevented' },
      tests: [w.tests['q2_T1059.001']],
      mission_ids: [w.q1, w.q2],
      last_tested_at: '2026-02-09T10:00:00.000Z',
    });
    expect(c.by_tactic.map((x) => [x.tactic, x.score, x.inputs.total_importance])).toEqual([
      ['initial-access', 1, 2],
      ['execution', 0.5, 4],
      ['defense-evasion', 0, 3],
    ]);
    expect(c.trend.map((x) => [x.date, x.mission_ids, x.score, x.alone_score])).toEqual([
      ['2026-01-12', [w.q1], 2 / 9, 2 / 9],
      ['2026-02-09', [w.q2], 4 / 9, 4 / 9],
    ]);
    // Globex's mission (T1204 prevented) is never read for Initech.
    expect(c.missions.map((m) => m.id)).toEqual([w.q1, w.q2]);
    for (const x of c.techniques) expect(x.mission_ids).not.toContain(w.g1);
  });

  it('follows the rule and the level the lead picks', async () => {
    const get = async (qs: string) =>
      ThreatCoverage.parse((await w.ok('lead', 'GET', `${base()}/${p.id}/coverage?${qs}`)).json());
    const status = (c: ThreatCoverage) =>
      Object.fromEntries(c.techniques.map((x) => [x.technique_id, x.status]));
    const worst = await get('rule=worst');
    expect(status(worst)['T1566.001']).toBe('missed');
    expect(status(worst)['T1059.001']).toBe('detected');
    expect(worst.score).toBeCloseTo(2 / 9);
    const best = await get('rule=best');
    expect(status(best)['T1566.001']).toBe('detected');
    const strict = await get('min_level=prevented');
    expect(status(strict)['T1566.001']).toBe('logged');
    expect(status(strict)['T1059.001']).toBe('detected');
    expect(strict.score).toBeCloseTo(2 / 9);
    const bad = await w.req('lead', 'GET', `${base()}/${p.id}/coverage?min_level=excellent`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('min_level');
  });

  it('ranks what to test next: groups × weight, missed before untested, stale as untested', async () => {
    const next = async (qs = '') =>
      NextTests.parse((await w.ok('lead', 'GET', `${base()}/${p.id}/next-tests?${qs}`)).json());
    const plain = await next();
    expect(plain.items.map((x) => [x.rank, x.technique_id, x.reason, x.priority])).toEqual([
      [1, 'T1027', 'missed', 3],
      [2, 'T1204', 'not_tested', 1],
    ]);
    expect(plain.items[0]!.templates.map((x) => x.name)).toEqual(['Base64 payload']);
    expect(plain.items[1]!.templates.map((x) => x.name)).toEqual(['Open a macro document']);
    // The clock is 2026-03-01: results older than 30 days (Q1's) count as untested.
    const stale = await next('stale_days=30');
    expect(stale.items.map((x) => [x.rank, x.technique_id, x.reason])).toEqual([
      [1, 'T1027', 'missed'],
      [2, 'T1105', 'stale'],
      [3, 'T1204', 'not_tested'],
    ]);
    const windows = await next('platforms=windows');
    expect(windows.items.map((x) => x.templates.map((y) => y.name))).toEqual([
      ['Base64 payload'],
      [],
    ]);
  });

  it('plans the chosen templates into a mission of the client or a new one', async () => {
    const url = `${base()}/${p.id}/next-tests/plan`;
    const into = await w.ok('lead', 'POST', url, {
      mission_id: w.q2,
      template_ids: [w.templates.t1027, w.templates.t1204],
    });
    expect(into.statusCode).toBe(201);
    const r = into.json<{
      mission_id: string;
      created_mission: boolean;
      scenario: { tests: Array<{ snapshot_name: string }> };
    }>();
    expect(r).toMatchObject({ mission_id: w.q2, created_mission: false });
    expect(r.scenario.tests.map((x) => x.snapshot_name)).toEqual([
      'Base64 payload',
      'Open a macro document',
    ]);
    const fresh = await w.ok('lead', 'POST', url, {
      mission_name: 'Q3 threat retest',
      template_ids: [w.templates.t1204],
    });
    const m = fresh.json<{ mission_id: string; created_mission: boolean }>();
    expect(m.created_mission).toBe(true);
    const mission = await w.ok('lead', 'GET', `/api/missions/${m.mission_id}`);
    expect(mission.json()).toMatchObject({ name: 'Q3 threat retest', client: { id: w.clientId } });
    // Globex's mission is another client's: refused, nothing added.
    const other = await w.req('lead', 'POST', url, {
      mission_id: w.g1,
      template_ids: [w.templates.t1204],
    });
    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('another client');
    const plan = await w.ok('lead', 'GET', `/api/missions/${w.g1}/plan`);
    expect(plan.json<{ scenarios: unknown[] }>().scenarios).toHaveLength(1);
  });
});
