import { Coverage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import type { NavigatorLayer } from './layer/navigator-layer.js';
import { layerSchemaErrors } from './layer/test-layer-schema.js';
import { resultsWorld, type ResultsWorld, type Who } from './test-results.js';

/**
 * Client Initech: Q1 (T1059.001 alerted, T1027 not detected), Q2 a day later (the same
 * template now not detected: a regression; T1027 prevented: an improvement). Client Globex:
 * G1 a day after Q2 with the template prevented — never compared with Initech's missions.
 */
describe('coverage across one client’s missions', () => {
  let t: TestApp;
  let w: ResultsWorld;
  const m: Record<'q1' | 'q2' | 'g1', { id: string; firstTest: string }> = {} as never;
  let globex: string;
  let extraT1027: Record<'q1' | 'q2', string>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    const first = async (id: string) =>
      (await w.ok('lead', 'GET', `/api/missions/${id}/plan`)).json<{
        scenarios: Array<{ tests: Array<{ id: string }> }>;
      }>().scenarios[0]!.tests[0]!.id;
    const record = async (missionId: string, testId: string, level: string) => {
      const u = `/api/missions/${missionId}/tests/${testId}`;
      await w.ok('red', 'POST', `${u}/transition`, { state: 'executed' });
      await w.ok('blue', 'PUT', u, { detection_level_id: w.levelId(level) });
      await w.ok('blue', 'POST', `${u}/transition`, { state: 'reviewed_by_blue' });
    };
    const dated = (id: string, day: string) =>
      w.ok('lead', 'PATCH', `/api/missions/${id}`, { start_date: day });
    const q1 = await w.newMission('Q1 exercise');
    await dated(q1.id, '2026-01-12');
    m.q1 = { id: q1.id, firstTest: await first(q1.id) };
    const q1b = await w.addTest(q1.id, q1.scenarioId, 'Obfuscation', ['T1027']);
    await record(q1.id, m.q1.firstTest, 'alerted');
    await record(q1.id, q1b, 'not_detected');
    const q2 = await w.newMission('Q2 exercise');
    await dated(q2.id, '2026-02-09');
    m.q2 = { id: q2.id, firstTest: await first(q2.id) };
    const q2b = await w.addTest(q2.id, q2.scenarioId, 'Obfuscation', ['T1027']);
    await record(q2.id, m.q2.firstTest, 'not_detected');
    await record(q2.id, q2b, 'prevented');
    extraT1027 = { q1: q1b, q2: q2b };
    globex = (await w.ok('lead', 'POST', '/api/clients', { name: 'Globex' })).json<{ id: string }>()
      .id;
    const g = (
      await w.ok('lead', 'POST', '/api/missions', { client_id: globex, name: 'Globex G1' })
    ).json<{ id: string }>();
    await dated(g.id, '2026-03-02');
    // The same template in Globex's mission, prevented there (lead records both sides).
    const tpl = (await w.ok('admin', 'GET', '/api/library/tests?q=Encoded')).json<{
      items: Array<{ id: string }>;
    }>().items[0]!.id;
    await w.ok('lead', 'POST', `/api/missions/${g.id}/scenarios`, {
      test_template_ids: [tpl],
      name: 'Day 1',
    });
    m.g1 = { id: g.id, firstTest: await first(g.id) };
    const u = `/api/missions/${g.id}/tests/${m.g1.firstTest}`;
    await w.ok('lead', 'POST', `${u}/transition`, { state: 'executed' });
    await w.ok('lead', 'PUT', u, { detection_level_id: w.levelId('prevented') });
    await w.ok('lead', 'POST', `${u}/transition`, { state: 'reviewed_by_blue' });
  });
  afterAll(() => t.close());

  const coverage = async (who: Who, qs: string) => {
    const res = await w.ok(who, 'GET', `/api/coverage?${qs}`);
    return Coverage.parse(res.json());
  };

  it('reports the regression and the improvement of one client, in date order', async () => {
    const c = await coverage('lead', `client_id=${w.clientId}`);
    expect(c.client?.name).toBe('Initech');
    expect(c.missions.map((x) => [x.name, x.detection_rate])).toEqual([
      ['Q1 exercise', 0.5],
      ['Q2 exercise', 0.5],
    ]);
    const changes = (list: Coverage['regressions']) =>
      list.map((x) => [x.kind, x.key, x.before.level.key, x.after.level.key]);
    expect(changes(c.regressions)).toEqual([
      ['technique', 'T1059.001', 'alerted', 'not_detected'],
      ['template', expect.any(String), 'alerted', 'not_detected'],
    ]);
    expect(changes(c.improvements)).toEqual([['technique', 'T1027', 'not_detected', 'prevented']]);
    expect(c.regressions[0]!.before).toMatchObject({
      mission_id: m.q1.id,
      test_ids: [m.q1.firstTest],
    });
  });

  it('judges a technique by its latest mission by default; worst and best span missions', async () => {
    const cell = (c: Coverage, id: string) => c.cells.find((x) => x.technique_id === id)!;
    const latest = await coverage('lead', `client_id=${w.clientId}`);
    expect(cell(latest, 'T1027')).toMatchObject({
      level: { key: 'prevented' },
      deciding_test_id: extraT1027.q2,
      mission_ids: [m.q1.id, m.q2.id],
    });
    const worst = await coverage('lead', `client_id=${w.clientId}&rule=worst`);
    expect(cell(worst, 'T1027').level?.key).toBe('not_detected');
    const best = await coverage('lead', `client_id=${w.clientId}&rule=best`);
    expect(cell(best, 'T1059.001').level?.key).toBe('alerted');
    const onlyQ1 = await coverage('lead', `client_id=${w.clientId}&mission_ids=${m.q1.id}`);
    expect(cell(onlyQ1, 'T1027').level?.key).toBe('not_detected');
    expect(onlyQ1.regressions).toEqual([]);
  });

  it('never counts another client; all clients is admin-only and compares within a client', async () => {
    const a = await coverage('lead', `client_id=${w.clientId}`);
    for (const c of a.cells) expect(c.mission_ids).not.toContain(m.g1.id);
    const g = await coverage('lead', `client_id=${globex}`);
    expect(g.missions.map((x) => x.id)).toEqual([m.g1.id]);
    expect(g.cells.find((x) => x.technique_id === 'T1059.001')?.level?.key).toBe('prevented');
    expect(g.regressions).toEqual([]);
    expect(g.improvements).toEqual([]);
    expect((await w.req('lead', 'GET', '/api/coverage?all_clients=true')).statusCode).toBe(403);
    const all = await coverage('admin', 'all_clients=true');
    expect(all.missions).toHaveLength(3);
    // Q2 (not detected) → G1 (prevented) is two clients: no improvement between them.
    expect(all.improvements.map((x) => x.after.mission_id)).not.toContain(m.g1.id);
    expect(all.regressions).toHaveLength(2);
  });

  it('scopes to the caller’s missions, hides a client from outsiders, refuses bad queries', async () => {
    // Blue is a member of Q1 and Q2 but not of Globex's mission.
    const blue = await coverage('blue', `client_id=${w.clientId}`);
    expect(blue.missions).toHaveLength(2);
    expect((await w.req('blue', 'GET', `/api/coverage?client_id=${globex}`)).statusCode).toBe(404);
    const outsider = await createUser(t, { roleKeys: ['blue_analyst'] });
    const h = await login(t, outsider.email, outsider.password);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/coverage?client_id=${w.clientId}`,
      headers: h,
    });
    expect(res.statusCode).toBe(404);
    const missing = await w.req('lead', 'GET', '/api/coverage');
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('client_id');
    const unknown = await w.req('lead', 'GET', `/api/coverage?client_id=${w.clientId}&x=1`);
    expect(unknown.statusCode).toBe(422);
    const badDate = await w.req('lead', 'GET', `/api/coverage?client_id=${w.clientId}&from=soon`);
    expect(badDate.statusCode).toBe(422);
    const anon = await t.app.inject({
      method: 'GET',
      url: `/api/coverage?client_id=${w.clientId}`,
    });
    expect(anon.statusCode).toBe(401);
  });

  it('filters by date, platform and defence layer', async () => {
    const later = await coverage('lead', `client_id=${w.clientId}&from=2026-02-01`);
    expect(later.missions.map((x) => [x.id, x.date])).toEqual([[m.q2.id, '2026-02-09']]);
    const earlier = await coverage('lead', `client_id=${w.clientId}&to=2026-02-08`);
    expect(earlier.missions.map((x) => x.id)).toEqual([m.q1.id]);
    const windows = await coverage('lead', `client_id=${w.clientId}&platforms=windows`);
    // Only the template tests carry a platform (Windows).
    expect(windows.cells.map((x) => x.technique_id)).toEqual(['T1059.001']);
    const edr = await coverage('lead', `client_id=${w.clientId}&layer=edr`);
    expect(edr.layer).toBe('edr');
    // No tool results were recorded: every EDR outcome is still TBD.
    expect(edr.cells.every((x) => x.status === 'awaiting')).toBe(true);
  });

  it('exports one client’s coverage as a Navigator layer, never another client’s tests', async () => {
    const res = await w.req(
      'lead',
      'GET',
      `/api/coverage/layer?client_id=${w.clientId}&rule=worst`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /initech-coverage-layer-\d{4}-\d{2}-\d{2}\.json/,
    );
    const layer = res.json<NavigatorLayer>();
    expect(layerSchemaErrors(layer)).toEqual([]);
    expect(layer.name).toBe('Initech coverage');
    const scored = layer.techniques.filter((e) => e.score !== undefined);
    expect(new Set(scored.map((e) => e.techniqueID))).toEqual(new Set(['T1059.001', 'T1027']));
    expect(JSON.stringify(layer)).not.toContain('Globex');
    expect(layer.techniques.find((e) => e.techniqueID === 'T1027')?.comment).toContain(
      'Q2 exercise / Obfuscation',
    );
    expect(
      (await w.req('blue', 'GET', `/api/coverage/layer?client_id=${w.clientId}`)).statusCode,
    ).toBe(403);
    expect((await w.req('lead', 'GET', '/api/coverage/layer')).statusCode).toBe(422);
  });

  it('scores the client layer by the same latest-mission rule as the coverage heat map', async () => {
    // Q1's obfuscation test claims a later execution time than Q2's: "latest" is still Q2's
    // mission (the later exercise), not the most recently executed test.
    await w.ok('red', 'PUT', `/api/missions/${m.q1.id}/tests/${extraT1027.q1}`, {
      executed_at: '2026-06-30T12:00:00.000Z',
    });
    const c = await coverage('lead', `client_id=${w.clientId}`);
    const layer = (
      await w.ok('lead', 'GET', `/api/coverage/layer?client_id=${w.clientId}`)
    ).json<NavigatorLayer>();
    const score = (id: string) => layer.techniques.find((e) => e.techniqueID === id)?.score;
    for (const cell of c.cells) {
      expect(score(cell.technique_id), cell.technique_id).toBe(cell.level?.coverage_score);
    }
    expect(c.cells.find((x) => x.technique_id === 'T1027')?.level?.key).toBe('prevented');
    const t1027 = layer.techniques.find((e) => e.techniqueID === 'T1027')!;
    expect(t1027.comment).toContain('latest mission');
    expect(t1027.comment).toContain('Q2 exercise / Obfuscation');
    expect(t1027.comment).not.toContain('Q1 exercise / Obfuscation');
  });

  it('is never stale: a write to one mission changes the next answer (cached per change)', async () => {
    const before = await coverage('lead', `client_id=${w.clientId}`);
    expect(await coverage('lead', `client_id=${w.clientId}`)).toEqual(before);
    expect(before.improvements).toHaveLength(1);
    // Q2's obfuscation test goes back to executed: its outcome no longer counts (basis reviewed).
    await w.ok('blue', 'POST', `/api/missions/${m.q2.id}/tests/${extraT1027.q2}/transition`, {
      state: 'executed',
    });
    const after = await coverage('lead', `client_id=${w.clientId}`);
    expect(after.improvements).toEqual([]);
    expect(after.cells.find((x) => x.technique_id === 'T1027')?.level?.key).toBe('not_detected');
  });
  it('lists a cell’s missions oldest first under every rule, so the last is the latest', async () => {
    const ids = async (rule: string) =>
      (await coverage('lead', `client_id=${w.clientId}&rule=${rule}`)).cells.find(
        (x) => x.technique_id === 'T1059.001',
      )!.mission_ids;
    for (const rule of ['latest', 'worst', 'best']) {
      expect(await ids(rule)).toEqual([m.q1.id, m.q2.id]);
    }
    // Q1 moved after Q2: the order follows the dates, not the ids.
    await w.ok('lead', 'PATCH', `/api/missions/${m.q1.id}`, { start_date: '2026-02-20' });
    try {
      for (const rule of ['latest', 'worst', 'best']) {
        expect(await ids(rule)).toEqual([m.q2.id, m.q1.id]);
      }
    } finally {
      await w.ok('lead', 'PATCH', `/api/missions/${m.q1.id}`, { start_date: '2026-01-12' });
    }
  });
});
