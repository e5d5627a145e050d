import { Heatmap, MissionDashboard, ResultTestList, type ResultFilter } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { tacticMatrixOrder } from './results.summary.js';
import { seedDashboard, type DashIds } from './test-dashboard-seed.js';
import { resultsWorld, type ResultsWorld, type Who } from './test-results.js';

describe('mission dashboard, heat map and the tests behind each number', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let missionId: string;
  let ids: DashIds;
  let tools: { edr: string; siem: string };
  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    const seeded = await seedDashboard(t, w);
    missionId = seeded.m.id;
    ids = seeded.ids;
    tools = { edr: seeded.m.edr, siem: seeded.m.siem };
  });
  afterAll(() => t.close());

  const dashboard = async (who: Who, query = '') =>
    MissionDashboard.parse(
      (await w.ok(who, 'GET', `/api/missions/${missionId}/dashboard${query}`)).json(),
    );
  const behind = async (who: Who, filter: ResultFilter) => {
    const qs = new URLSearchParams(filter as Record<string, string>).toString();
    const res = await w.ok(who, 'GET', `/api/missions/${missionId}/results/tests?${qs}`);
    return ResultTestList.parse(res.json()).items.map((x) => x.id);
  };

  it('counts a hand-built mission exactly (lead: hidden tests count)', async () => {
    const d = await dashboard('lead');
    expect(d.tests).toBe(10);
    expect(Object.fromEntries(d.by_state.map((s) => [s.state, [s.label, s.count]]))).toEqual({
      pending: ['Pending', 1],
      executed: ['Executed', 1],
      reviewed_by_blue: ['Reviewed', 6],
      skipped: ['Skipped', 1],
      blocked: ['Could not run', 1],
    });
    expect(Object.fromEntries(d.by_level.map((l) => [l.level.key, l.count]))).toEqual({
      not_detected: 1,
      logged: 2,
      alerted: 1,
      prevented: 2,
    });
    expect(d.awaiting.review.count).toBe(1);
    expect(d.awaiting.outcome.count).toBe(0);
    expect(d.detection).toMatchObject({ numerator: 3, denominator: 6, rate: 0.5 });
    expect(d.prevention).toMatchObject({ numerator: 2, denominator: 6 });
    expect(d.visibility).toMatchObject({ numerator: 2, denominator: 6 });
    expect(d.time_to_detect).toEqual({ count: 3, median: 8, p90: 10, min: 5, max: 10 });
    expect(d.time_to_alert).toEqual({ count: 2, median: 17.5, p90: 30, min: 5, max: 30 });
    const tool = (id: string) => {
      const x = d.by_tool.find((y) => y.id === id)!;
      return [x.seen, x.prevented, x.alerted, x.logged, x.missed].map((c) => c.count);
    };
    expect(d.by_tool.map((x) => [x.name, x.layer])).toEqual([
      ['CrowdStrike', 'edr'],
      ['Splunk', 'siem'],
    ]);
    expect(tool(tools.edr)).toEqual([6, 2, 3, 3, 1]);
    expect(tool(tools.siem)).toEqual([7, 0, 0, 4, 3]);
    expect(Object.fromEntries(d.expectations.map((e) => [e.result, e.count]))).toEqual({
      met: 0,
      better: 1,
      not_met: 1,
      pending: 0,
      no_tool: 0,
    });
    expect(d.gap_reasons.map((g) => [g.reason, g.count])).toEqual([
      ['no_rule', 1],
      ['rule_not_fired', 1],
    ]);
    expect(d.overridden.count).toBe(1);
    const execution = d.by_tactic.find((x) => x.shortname === 'execution')!;
    // The fixture's T1059.001, T1105 and T1204 are all execution techniques: d1, d4, d7, e1, e2, d6.
    expect(execution).toMatchObject({
      tests: 6,
      with_outcome: 3,
      prevented: 1,
      alerted: 1,
      logged: 1,
      none: 0,
      detection_rate: 2 / 3,
    });
    const order = await tacticMatrixOrder(t.ctx.db);
    const positions = d.by_tactic.map((x) => order.indexOf(x.external_id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('lists exactly the tests behind every number', async () => {
    const d = await dashboard('lead');
    expect(await behind('lead', d.overridden.filter)).toEqual([ids.d3]);
    expect(new Set(await behind('lead', d.detection.filter))).toEqual(
      new Set([ids.d1, ids.e1, ids.h1]),
    );
    expect(await behind('lead', d.awaiting.review.filter)).toEqual([ids.d4]);
    const counted = [
      ...d.by_state,
      ...d.by_level,
      ...d.expectations,
      ...d.gap_reasons,
      ...d.by_tool.flatMap((x) => [x.seen, x.prevented, x.alerted, x.logged, x.missed]),
    ];
    for (const c of counted) expect((await behind('lead', c.filter)).length).toBe(c.count);
    for (const x of d.by_tactic) expect((await behind('lead', x.filter)).length).toBe(x.tests);
  });

  it('never counts hidden tests for a blue-only member', async () => {
    const d = await dashboard('blue');
    expect(d.tests).toBe(9);
    expect(d.detection).toMatchObject({ numerator: 2, denominator: 5 });
    expect(d.time_to_detect).toMatchObject({ count: 2, median: 7.5 });
    expect(await behind('blue', { basis: 'reviewed', class: 'prevented' })).toEqual([ids.e1]);
    expect(await behind('blue', { basis: 'reviewed', technique: 'T1027' })).not.toContain(ids.h1);
  });

  it('counts recorded outcomes on basis=recorded', async () => {
    const d = await dashboard('lead', '?basis=recorded');
    expect(d.detection).toMatchObject({ numerator: 3, denominator: 7 });
    expect(d.awaiting.review.count).toBe(0);
  });

  it('colours a technique by its worst, best or latest test', async () => {
    const cell = async (who: Who, rule: string, id: string) => {
      const res = await w.ok(who, 'GET', `/api/missions/${missionId}/heatmap?rule=${rule}`);
      return Heatmap.parse(res.json()).cells.find((c) => c.technique_id === id)!;
    };
    expect(await cell('lead', 'worst', 'T1105')).toMatchObject({
      level: { key: 'logged' },
      tests: 3,
      with_outcome: 2,
      detected: 1,
      deciding_test_id: ids.e2,
    });
    expect((await cell('lead', 'best', 'T1105')).level?.key).toBe('prevented');
    expect((await cell('lead', 'latest', 'T1105')).level?.key).toBe('logged');
    expect((await cell('lead', 'best', 'T1027')).level?.key).toBe('prevented');
    expect((await cell('lead', 'latest', 'T1027')).deciding_test_id).toBe(ids.h1);
    // Blue-only: the hidden prevented test neither colours nor counts.
    expect(await cell('blue', 'best', 'T1027')).toMatchObject({
      level: { key: 'not_detected' },
      tests: 2,
      detected: 0,
    });
  });

  it('answers 422 naming a bad or unknown query key, 404 to a non-member', async () => {
    const bad = await w.req('lead', 'GET', `/api/missions/${missionId}/heatmap?rule=median`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('rule');
    const unknown = await w.req('lead', 'GET', `/api/missions/${missionId}/dashboard?colour=1`);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('colour');
    const other = await w.req('lead', 'GET', `/api/missions/${ids.d1}/dashboard`);
    expect(other.statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'GET', url: `/api/missions/${missionId}/dashboard` });
    expect(anon.statusCode).toBe(401);
  });

  it('is never stale after a write to a test or to a detection level (cached per change)', async () => {
    const before = await dashboard('lead');
    expect(await dashboard('lead')).toEqual(before);
    // d4 (logged, not reviewed) gets reviewed: one more logged outcome.
    await w.ok('blue', 'POST', `/api/missions/${missionId}/tests/${ids.d4}/transition`, {
      state: 'reviewed_by_blue',
    });
    const after = await dashboard('lead');
    expect(after.change_seq).toBeGreaterThan(before.change_seq);
    expect(after.visibility).toMatchObject({ numerator: 3, denominator: 7 });
    const logged = w.levels.find((l) => l.key === 'logged')!;
    await w.ok('admin', 'PATCH', `/api/detection-levels/${logged.id}`, { label: 'Seen in logs' });
    const relabelled = await dashboard('lead');
    expect(relabelled.by_level.find((l) => l.level.key === 'logged')?.level.label).toBe(
      'Seen in logs',
    );
  });
});
