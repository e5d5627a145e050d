import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { missionTestAttack } from '../../../db/schema/index.js';
import { resultsWorld, type ResultsWorld, type Who } from '../test-results.js';
import { at, seedResults, type ResultsSeed } from '../test-seed.js';
import type { NavigatorLayer } from './navigator-layer.js';
import { layerSchemaErrors } from './test-layer-schema.js';

/**
 * The layer of the results fixture (test-seed.ts) plus t7, a third PowerShell test logged at
 * 10:30, so T1059.001 has mixed outcomes: alerted (t1, 10:02), not detected (t2, 10:10),
 * logged (t7, 10:30). T1105 (t4, hidden, prevented) is given a second tactic in its snapshot.
 */
describe('GET /api/missions/:id/layer', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let a: ResultsSeed['a'];
  let ids: ResultsSeed['ids'];
  let t7: string;
  const url = (query = '') => `/api/missions/${a.id}/layer${query}`;
  // The fixture's outcomes are mostly not reviewed yet: read them on basis=recorded.
  const layerOf = async (who: Who, query = '') => {
    const q = query ? `${query}&basis=recorded` : '?basis=recorded';
    const res = await w.ok(who, 'GET', url(q));
    const layer = res.json<NavigatorLayer>();
    expect(layerSchemaErrors(layer)).toEqual([]);
    return layer;
  };
  const entry = (layer: NavigatorLayer, id: string, tactic?: string) =>
    layer.techniques.find((e) => e.techniqueID === id && e.tactic === tactic);

  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    ({ a, ids } = await seedResults(t, w));
    t7 = await w.addTest(a.id, a.scenarioId, 'Logged PowerShell', ['T1059.001']);
    t.clock.set(at('10:30:00'));
    await w.ok('red', 'POST', `/api/missions/${a.id}/tests/${t7}/transition`, {
      state: 'executed',
    });
    await w.ok('blue', 'PUT', `/api/missions/${a.id}/tests/${t7}`, {
      tool_results: [
        { defence_tool_id: a.edr, prevented: 'no', alerted: 'no', logged: 'no' },
        { defence_tool_id: a.siem, prevented: 'no', alerted: 'no', logged: 'yes' },
      ],
      detection_level_id: w.levelId('logged'),
    });
    const c2 = {
      external_id: 'TA0011',
      shortname: 'command-and-control',
      name: 'Command and Control',
    };
    const [row] = await t.ctx.db
      .select({ tactics: missionTestAttack.tactics })
      .from(missionTestAttack)
      .where(and(eq(missionTestAttack.testId, ids.t4), eq(missionTestAttack.externalId, 'T1105')));
    await t.ctx.db
      .update(missionTestAttack)
      .set({ tactics: [...(row?.tactics ?? []), c2] })
      .where(and(eq(missionTestAttack.testId, ids.t4), eq(missionTestAttack.externalId, 'T1105')));
  });
  afterAll(() => t.close());

  it('is a JSON download named after the mission and the day', async () => {
    const res = await w.ok('lead', 'GET', url());
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="q1-exercise-layer-2026-03-01.json"',
    );
  });

  it('fills versions, domain, name, description, metadata, gradient and legend', async () => {
    const layer = await layerOf('lead');
    expect(layer.versions).toEqual({ attack: '1', navigator: '5.1.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.name).toBe('Q1 exercise');
    expect(layer.description).toContain('Q1 exercise (Initech)');
    expect(layer.metadata).toEqual([
      { name: 'Mission', value: 'Q1 exercise' },
      { name: 'Client', value: 'Initech' },
      { name: 'Exported', value: expect.stringMatching(/^2026-03-01T/) },
      { name: 'Aggregation', value: 'worst' },
    ]);
    const levels = [...w.levels].sort((x, y) => x.rank - y.rank);
    expect(layer.gradient).toEqual({
      colors: levels.map((l) => l.colour),
      minValue: 0,
      maxValue: 100,
    });
    expect(layer.legendItems).toEqual(levels.map((l) => ({ label: l.label, color: l.colour })));
    expect(layer).toMatchObject({ sorting: 0, hideDisabled: false });
  });

  it('writes one entry per technique × tactic', async () => {
    const layer = await layerOf('lead');
    expect(layer.techniques.map((e) => [e.techniqueID, e.tactic, e.score ?? null])).toEqual([
      ['T1027', 'defense-evasion', null],
      ['T1059', 'execution', null],
      ['T1059.001', 'execution', 0],
      ['T1105', 'command-and-control', 100],
      ['T1105', 'execution', 100],
      ['T1566', 'initial-access', null],
      ['T1566.001', 'initial-access', 0],
    ]);
    expect(entry(layer, 'T1105', 'execution')?.color).toBe(
      w.levels.find((l) => l.key === 'prevented')?.colour,
    );
    // Pending only: unscored, uncoloured, with the reason.
    expect(entry(layer, 'T1027', 'defense-evasion')).toEqual({
      techniqueID: 'T1027',
      tactic: 'defense-evasion',
      comment: 'Unscored: 1 test, none run yet\n- Obfuscate: pending',
      enabled: true,
    });
  });

  it('scores a technique with mixed outcomes by worst, best and latest', async () => {
    const pick = async (rule: string) => {
      const e = entry(await layerOf('lead', `?rule=${rule}`), 'T1059.001', 'execution');
      return [e?.score, e?.color];
    };
    const colour = (key: string) => w.levels.find((l) => l.key === key)?.colour;
    expect(await pick('worst')).toEqual([0, colour('not_detected')]);
    expect(await pick('best')).toEqual([75, colour('alerted')]);
    expect(await pick('latest')).toEqual([33, colour('logged')]);
    expect((await layerOf('lead')).metadata.at(-1)).toEqual({
      name: 'Aggregation',
      value: 'worst',
    });
    expect((await layerOf('lead', '?rule=best')).metadata.at(-1)?.value).toBe('best');
  });

  it('names the tests and their levels in the comment', async () => {
    const e = entry(await layerOf('lead', '?rule=best'), 'T1059.001', 'execution');
    expect(e?.comment).toBe(
      [
        'Alerted: the best outcome of 3 tests',
        ...[
          [ids.t1, '- Encoded PowerShell: Alerted'],
          [ids.t2, '- Phish then PowerShell: Not detected'],
          [t7, '- Logged PowerShell: Logged'],
        ]
          .sort(([x], [y]) => (x! < y! ? -1 : 1))
          .map(([, line]) => line),
      ].join('\n'),
    );
  });

  it('shows the sub-techniques of the parent of a scored sub-technique', async () => {
    const layer = await layerOf('lead');
    expect(entry(layer, 'T1059', 'execution')).toMatchObject({ showSubtechniques: true });
    expect(entry(layer, 'T1566', 'initial-access')).toMatchObject({ showSubtechniques: true });
    expect(entry(layer, 'T1059.001', 'execution')?.showSubtechniques).toBeUndefined();
    expect(entry(layer, 'T1027', 'defense-evasion')?.showSubtechniques).toBeUndefined();
  });

  it('needs report.export; counts a hidden test for the lead, never for a blue-only member', async () => {
    expect((await w.req('blue', 'GET', url())).statusCode).toBe(403);
    expect((await w.req('red', 'GET', url())).statusCode).toBe(403);
    // A blue-only member who may export: a custom role with report.export.
    const role = (
      await w.ok('admin', 'POST', '/api/roles', {
        name: 'Blue exporter',
        permissions: ['library.read', 'mission.write_blue_fields', 'report.export'],
      })
    ).json<{ id: string }>();
    const user = await createUser(t);
    await w.ok('admin', 'PATCH', `/api/users/${user.id}`, { role_ids: [role.id] });
    await w.ok('lead', 'POST', `/api/missions/${a.id}/members`, { user_id: user.id, role: 'blue' });
    const h = await login(t, user.email, user.password);
    const res = await t.app.inject({ method: 'GET', url: url('?basis=recorded'), headers: h });
    expect(res.statusCode, res.body).toBe(200);
    const blue = res.json<NavigatorLayer>();
    expect(layerSchemaErrors(blue)).toEqual([]);
    expect(blue.techniques.some((e) => e.techniqueID === 'T1105')).toBe(false);
    expect(JSON.stringify(blue)).not.toContain('Hidden transfer');
    expect(entry(await layerOf('lead'), 'T1105', 'execution')?.comment).toContain(
      'Hidden transfer: Prevented',
    );
  });

  it('is 404 for a non-member, 401 unauthenticated, 422 for a bad rule or an unknown key', async () => {
    const outsider = await createUser(t, { roleKeys: ['blue_analyst'] });
    const h = await login(t, outsider.email, outsider.password);
    expect((await t.app.inject({ method: 'GET', url: url(), headers: h })).statusCode).toBe(404);
    const gone = `/api/missions/00000000-0000-4000-8000-000000000000/layer`;
    expect((await w.req('lead', 'GET', gone)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: url() })).statusCode).toBe(401);
    const bad = await w.req('lead', 'GET', url('?rule=median'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toEqual([
      'querystring.rule',
    ]);
    const extra = await w.req('lead', 'GET', url('?rule=best&colour=red'));
    expect(extra.statusCode).toBe(422);
    expect(extra.json<{ detail: string }>().detail).toContain('colour');
  });
});
