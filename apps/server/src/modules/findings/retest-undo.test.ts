import { Finding, MissionPlan, MissionTestDetail, RetestResult } from '@metamorph/contract';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents } from '../../db/schema/index.js';
import { findingsWorld, type FindingsWorld, type MissionFixture } from './test-world.js';

/**
 * Retest tests: linked to their originals in the plan and detail answers; a retest review
 * undone (reviewed_by_blue → executed) takes its verdict back, audited.
 */
describe('retest review undone', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let m: MissionFixture;
  let r: MissionFixture;
  const ids = {} as Record<'ps' | 'phish' | 'phish2', string>;
  let fixed: Finding;
  let open: Finding;
  let rt: RetestResult;

  const get = async (id: string) =>
    Finding.parse((await w.ok('lead', 'GET', `/api/findings/${id}`)).json());
  const patch = async (f: Finding, body: Record<string, unknown>) =>
    Finding.parse(
      (
        await w.ok('lead', 'PATCH', `/api/findings/${f.id}`, { ...body, version: f.version })
      ).json(),
    );
  const of = (old: string) => rt.tests.find((x) => x.retest_of_test_id === old)!.test_id;
  const undo = (testId: string) =>
    w.ok('lead', 'POST', `/api/missions/${r.id}/tests/${testId}/transition`, { state: 'executed' });
  const undone = async (findingId: string) =>
    (
      await t.ctx.db
        .select({ before: auditEvents.before, after: auditEvents.after })
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'finding.retest_undone'), eq(auditEvents.targetId, findingId)),
        )
        .orderBy(asc(auditEvents.seq))
    ).map((a) => [(a.before as { status: string }).status, (a.after as { status: string }).status]);

  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    m = await w.newMission('Undo exercise');
    ids.ps = await w.firstTest(m.id);
    ids.phish = await w.addTest(m, 'Phish', ['T1566.001']);
    ids.phish2 = await w.addTest(m, 'Phish again', ['T1566.001']);
    for (const id of Object.values(ids)) await w.review(m, id, 'not_detected', 'no_rule');
    const create = async (title: string, testIds: string[]) =>
      Finding.parse(
        (
          await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
            title,
            test_ids: testIds,
          })
        ).json(),
      );
    fixed = await create('PowerShell unseen', [ids.ps]);
    fixed = await patch(fixed, { status: 'in_progress' });
    fixed = await patch(fixed, { status: 'fixed' });
    open = await create('Phishing unseen', [ids.phish, ids.phish2]);
    rt = RetestResult.parse(
      (
        await w.ok('lead', 'POST', `/api/missions/${m.id}/retest`, {
          finding_ids: [fixed.id, open.id],
        })
      ).json(),
    );
    const assets = (await w.ok('lead', 'GET', `/api/missions/${rt.mission_id}/assets`)).json<{
      items: Array<{ id: string; name: string }>;
    }>().items;
    r = {
      id: rt.mission_id,
      scenarioId: '',
      edr: assets.find((a) => a.name === 'CrowdStrike')!.id,
      siem: assets.find((a) => a.name === 'Splunk')!.id,
    };
  });
  afterAll(() => t.close());

  it('the plan and the test detail link each retest test to its original', async () => {
    const plan = MissionPlan.parse(
      (await w.ok('blue', 'GET', `/api/missions/${rt.mission_id}/plan`)).json(),
    );
    const tests = plan.scenarios.flatMap((s) => s.tests);
    expect(tests.map((x) => x.retest_of_test_id).sort()).toEqual(Object.values(ids).sort());
    const detail = MissionTestDetail.parse(
      (await w.ok('blue', 'GET', `/api/missions/${rt.mission_id}/tests/${of(ids.ps)}`)).json(),
    );
    expect(detail.retest_of_test_id).toBe(ids.ps);
    const original = MissionTestDetail.parse(
      (await w.ok('blue', 'GET', `/api/missions/${m.id}/tests/${ids.ps}`)).json(),
    );
    expect(original.retest_of_test_id).toBeNull();
  });

  it('lists an original mission’s retests (missions?retest_of=), to its members only', async () => {
    const list = async (who: 'lead' | 'blue' | 'outsider') =>
      (await w.ok(who, 'GET', `/api/missions?retest_of=${m.id}`)).json<{
        items: Array<{ id: string; name: string }>;
      }>().items;
    expect((await list('lead')).map((x) => [x.id, x.name])).toEqual([[rt.mission_id, rt.name]]);
    // The retest itself has no retests; a non-member sees none (not even that they exist).
    expect(
      (await w.ok('lead', 'GET', `/api/missions?retest_of=${rt.mission_id}`)).json(),
    ).toMatchObject({ items: [] });
    expect(await list('outsider')).toEqual([]);
    const bad = await w.req('lead', 'GET', '/api/missions?retest_of=nope');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('retest_of');
  });

  it('moves a passed finding back to fixed, audited; a lead’s later status is left alone', async () => {
    await w.review(r, of(ids.ps), 'alerted');
    const passed = await get(fixed.id);
    expect(passed.status).toBe('retest_passed');
    await undo(of(ids.ps));
    const back = await get(fixed.id);
    expect(back).toMatchObject({ status: 'fixed', status_reason: null });
    expect(back.version).toBe(passed.version + 1);
    expect(await undone(fixed.id)).toEqual([['retest_passed', 'fixed']]);
    // Reviewed again as a gap, then moved on by the lead: undoing leaves the lead's status.
    await w.ok('lead', 'POST', `/api/missions/${r.id}/tests/${of(ids.ps)}/transition`, {
      state: 'reviewed_by_blue',
    });
    expect((await get(fixed.id)).status).toBe('retest_passed');
    await undo(of(ids.ps));
    await w.review(r, of(ids.ps), 'not_detected', 'no_rule');
    const failed = await get(fixed.id);
    expect(failed.status).toBe('retest_failed');
    await patch(failed, { status: 'in_progress' });
    await undo(of(ids.ps));
    expect((await get(fixed.id)).status).toBe('in_progress');
  });

  it('keeps retest_failed while a gap remains, then restores the status before the verdict', async () => {
    await w.review(r, of(ids.phish), 'alerted');
    expect((await get(open.id)).status).toBe('open');
    await w.review(r, of(ids.phish2), 'not_detected', 'no_telemetry');
    expect((await get(open.id)).status).toBe('retest_failed');
    await undo(of(ids.phish));
    expect((await get(open.id)).status).toBe('retest_failed');
    expect(await undone(open.id)).toEqual([]);
    await undo(of(ids.phish2));
    expect((await get(open.id)).status).toBe('open');
    expect(await undone(open.id)).toEqual([['retest_failed', 'open']]);
  });
});
