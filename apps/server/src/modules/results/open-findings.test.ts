import { Coverage, Finding, Heatmap } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { resultsWorld, type ResultsWorld, type Who } from './test-results.js';

/**
 * Heat maps mark techniques with open findings (OPEN_FINDING_STATUSES: all but retest_passed):
 * Q1 has F-1 (open) and F-2 (fixed, awaiting a retest) on T1059.001, F-3 (retest_passed) on
 * T1027, F-4 on a test hidden from blue (T1105), F-5 deleted; Q2 has one open on T1059.001.
 */
describe('open findings on the heat maps', () => {
  let t: TestApp;
  let w: ResultsWorld;
  let q1: string;
  let q2: string;
  const f: Record<'f1' | 'f2' | 'f3' | 'f4' | 'q2', string> = {} as never;

  const finding = async (missionId: string, title: string, testIds: string[]) =>
    Finding.parse(
      (
        await w.ok('lead', 'POST', `/api/missions/${missionId}/findings`, {
          title,
          test_ids: testIds,
        })
      ).json(),
    );
  const move = async (x: Finding, ...statuses: string[]) => {
    let cur = x;
    for (const status of statuses) {
      cur = Finding.parse(
        (
          await w.ok('lead', 'PATCH', `/api/findings/${x.id}`, { status, version: cur.version })
        ).json(),
      );
    }
    return cur;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await resultsWorld(t);
    const plan = async (id: string) =>
      (await w.ok('lead', 'GET', `/api/missions/${id}/plan`)).json<{
        scenarios: Array<{ tests: Array<{ id: string }> }>;
      }>().scenarios[0]!.tests[0]!.id;
    const m1 = await w.newMission('Q1 exercise');
    q1 = m1.id;
    const ps = await plan(q1);
    const obf = await w.addTest(q1, m1.scenarioId, 'Obfuscation', ['T1027']);
    const hidden = await w.addTest(q1, m1.scenarioId, 'Hidden transfer', ['T1105']);
    await w.ok('lead', 'PATCH', `/api/missions/${q1}/tests/${hidden}/plan`, {
      hidden_from_blue: true,
    });
    f.f1 = (await finding(q1, 'PowerShell unseen', [ps])).id;
    f.f2 = (await move(await finding(q1, 'PowerShell rule', [ps]), 'in_progress', 'fixed')).id;
    const f3 = await finding(q1, 'Obfuscation', [obf]);
    f.f3 = (await move(f3, 'in_progress', 'fixed', 'retest_passed')).id;
    f.f4 = (await finding(q1, 'Hidden transfer unseen', [hidden])).id;
    const f5 = await finding(q1, 'Deleted', [obf]);
    await w.ok('lead', 'DELETE', `/api/findings/${f5.id}`);
    // A later mission (missions of one day are ordered by creation, then id).
    t.clock.advance(60_000);
    const m2 = await w.newMission('Q2 exercise');
    q2 = m2.id;
    f.q2 = (await finding(q2, 'Still unseen', [await plan(q2)])).id;
  });
  afterAll(() => t.close());

  const heatmap = async (who: Who) =>
    Heatmap.parse((await w.ok(who, 'GET', `/api/missions/${q1}/heatmap`)).json());
  const coverage = async (who: Who, qs = '') =>
    Coverage.parse((await w.ok(who, 'GET', `/api/coverage?client_id=${w.clientId}${qs}`)).json());
  const counts = (cells: Array<{ technique_id: string; open_findings?: number }>) =>
    Object.fromEntries(cells.map((c) => [c.technique_id, c.open_findings]));

  it('the mission heat map counts and lists them per technique (fixed counts, passed not)', async () => {
    const h = await heatmap('lead');
    expect(counts(h.cells)).toMatchObject({ 'T1059.001': 2, T1027: 0, T1105: 1 });
    expect(h.open_findings.map((x) => [x.id, x.number, x.status, x.technique_ids])).toEqual([
      [f.f1, 1, 'open', ['T1059.001']],
      [f.f2, 2, 'fixed', ['T1059.001']],
      [f.f4, 4, 'open', ['T1105']],
    ]);
    expect(h.open_findings[0]).toMatchObject({ mission_id: q1, mission_name: 'Q1 exercise' });
  });

  it('a blue-only member does not see a finding on hidden tests only', async () => {
    const h = await heatmap('blue');
    expect(h.open_findings.map((x) => x.id)).toEqual([f.f1, f.f2]);
    expect(h.cells.find((c) => c.technique_id === 'T1105')).toBeUndefined();
    const c = await coverage('blue');
    expect(c.open_findings.map((x) => x.id)).toEqual([f.f1, f.f2, f.q2]);
  });

  it('coverage counts over the missions in scope, and follows a change at once', async () => {
    const c = await coverage('lead');
    expect(counts(c.cells)).toMatchObject({ 'T1059.001': 3, T1027: 0 });
    expect(c.open_findings.map((x) => [x.mission_name, x.number])).toEqual([
      ['Q1 exercise', 1],
      ['Q1 exercise', 2],
      ['Q1 exercise', 4],
      ['Q2 exercise', 1],
    ]);
    const only = await coverage('lead', `&mission_ids=${q2}`);
    expect(only.open_findings.map((x) => x.id)).toEqual([f.q2]);
    expect(counts(only.cells)).toMatchObject({ 'T1059.001': 1 });
    // Accepting the risk keeps it open; passing the retest closes it (the cache follows).
    const cur = Finding.parse((await w.ok('lead', 'GET', `/api/findings/${f.q2}`)).json());
    await move(cur, 'in_progress', 'fixed', 'retest_passed');
    expect(counts((await coverage('lead', `&mission_ids=${q2}`)).cells)).toMatchObject({
      'T1059.001': 0,
    });
  });
});
