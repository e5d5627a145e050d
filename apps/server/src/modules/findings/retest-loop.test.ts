import {
  FindingDraftResult,
  FindingList,
  Mission,
  MissionCompare,
  MissionPlan,
  RetestResult,
} from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvents, findings, missions } from '../../db/schema/index.js';
import { findingsWorld, type FindingsWorld, type MissionFixture } from './test-world.js';

/**
 * The whole loop through the API: gaps → draft (job) → accept → retest mission → execute and
 * review → findings retest_passed / retest_failed → compare shows the improvement.
 */
describe('findings: draft → accept → retest → review → compare', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let m: MissionFixture;
  const ids = {} as Record<'ps' | 'phish' | 'phish2' | 'obf' | 'pending', string>;
  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    m = await w.newMission('Q1 exercise');
    ids.ps = await w.firstTest(m.id); // library template, opsec low
    ids.phish = await w.addTest(m, 'Phish', ['T1566.001']);
    ids.phish2 = await w.addTest(m, 'Phish again', ['T1566.001']);
    ids.obf = await w.addTest(m, 'Obfuscate', ['T1027']);
    ids.pending = await w.addTest(m, 'Not run', ['T1105']);
    await w.review(m, ids.ps, 'not_detected', 'no_rule');
    await w.review(m, ids.phish, 'logged', 'no_telemetry');
    await w.review(m, ids.phish2, 'not_detected', 'no_telemetry');
    await w.review(m, ids.obf, 'alerted');
  });
  afterAll(() => t.close());

  it('runs the loop end to end', async () => {
    const base = `/api/missions/${m.id}`;
    // Draft: a job; proposals grouped by technique and gap reason; nothing created.
    const started = await w.ok('lead', 'POST', `${base}/findings/draft`);
    expect(started.statusCode).toBe(202);
    const job = await w.runJob(started.json<{ job: { id: string } }>().job.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const draft = FindingDraftResult.parse(job.result);
    expect(draft).toMatchObject({ reviewed: 4, gaps: 3 });
    expect(draft.proposals.map((p) => [p.key, p.test_ids.length, p.severity])).toEqual([
      ['T1059.001|no_rule', 1, 'critical'],
      ['T1566.001|no_telemetry', 2, 'high'],
    ]);
    const ps = draft.proposals[0]!;
    expect(ps.recommendation_md).toContain('EDR alerts on encoded PowerShell');
    expect(ps.recommendation_md).toContain('proc_creation_win_powershell_encoded');
    expect(ps.sigma_rule).toBe('proc_creation_win_powershell_encoded');
    expect(
      (await t.ctx.db.select().from(findings).where(eq(findings.missionId, m.id))).length,
    ).toBe(0);

    // Accept the edited proposals in one transaction (a bad one refuses them all).
    const proposals = draft.proposals.map((p) => ({
      title: p.title,
      severity: p.severity,
      description_md: p.description_md,
      recommendation_md: p.recommendation_md,
      test_ids: p.test_ids,
      gap_reason: p.gap_reason,
      sigma_rule: p.sigma_rule,
      siem_query: p.siem_query,
    }));
    const foreign = await w.req('lead', 'POST', `${base}/findings/accept`, {
      proposals: [
        proposals[0],
        { ...proposals[1], test_ids: ['00000000-0000-4000-8000-000000000009'] },
      ],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('body.proposals.1.test_ids');
    expect(
      (await t.ctx.db.select().from(findings).where(eq(findings.missionId, m.id))).length,
    ).toBe(0);
    const accepted = FindingList.parse(
      (
        await w.ok('lead', 'POST', `${base}/findings/accept`, {
          proposals: [proposals[0], { ...proposals[1], title: 'Phishing goes unseen' }],
        })
      ).json(),
    ).items;
    expect(accepted.map((f) => [f.number, f.title])[1]).toEqual([2, 'Phishing goes unseen']);
    const [fPs, fPhish] = accepted as [(typeof accepted)[0], (typeof accepted)[0]];

    // Layer of open findings: both techniques, scored by severity.
    const layer = (await w.ok('lead', 'GET', `${base}/findings/layer`)).json<{
      versions: { layer: string };
      techniques: Array<{ techniqueID: string; score?: number }>;
    }>();
    expect(layer.versions.layer).toBe('4.5');
    expect(layer.techniques.find((x) => x.techniqueID === 'T1059.001')?.score).toBe(4);

    // Retest: a linked mission for the same client; template re-snapshotted, ad hoc copied.
    const rt = RetestResult.parse(
      (await w.ok('lead', 'POST', `${base}/retest`, { finding_ids: [fPs.id, fPhish.id] })).json(),
    );
    expect(rt.tests.map((x) => [x.retest_of_test_id, x.source])).toEqual([
      [ids.ps, 'library'],
      [ids.phish, 'snapshot'],
      [ids.phish2, 'snapshot'],
    ]);
    const mission = Mission.parse(
      (await w.ok('blue', 'GET', `/api/missions/${rt.mission_id}`)).json(),
    );
    expect(mission).toMatchObject({ retest_of_mission_id: m.id, client: { id: w.clientId } });
    const plan = MissionPlan.parse(
      (await w.ok('lead', 'GET', `/api/missions/${rt.mission_id}/plan`)).json(),
    );
    const newTests = plan.scenarios.flatMap((s) => s.tests);
    expect(newTests.every((x) => x.state === 'pending')).toBe(true);
    expect(
      newTests.find((x) => x.snapshot_name === 'Phish')?.mitre_tags.map((a) => a.external_id),
    ).toEqual(['T1566.001']);

    // Execute and review the retest: PowerShell now alerted (pass), one phish still missed.
    const r = await missionOf(rt.mission_id);
    const of = (old: string) => rt.tests.find((x) => x.retest_of_test_id === old)!.test_id;
    await w.review(r, of(ids.ps), 'alerted');
    await w.review(r, of(ids.phish), 'alerted');
    let list = FindingList.parse((await w.ok('lead', 'GET', `${base}/findings`)).json()).items;
    expect(list.map((f) => f.status)).toEqual(['retest_passed', 'open']); // phish2 not reviewed yet
    await w.review(r, of(ids.phish2), 'not_detected', 'no_telemetry');
    list = FindingList.parse((await w.ok('lead', 'GET', `${base}/findings`)).json()).items;
    expect(list.map((f) => f.status)).toEqual(['retest_passed', 'retest_failed']);
    expect(list[0]!.retest_test_ids).toEqual([of(ids.ps)]);
    const retested = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'finding.retested'), eq(auditEvents.missionId, m.id)));
    expect(retested.map((a) => (a.after as { status?: string } | null)?.status).sort()).toEqual([
      'retest_failed',
      'retest_passed',
    ]);

    // Compare: either order; the older mission is before.
    for (const url of [
      `${base}/compare/${rt.mission_id}`,
      `/api/missions/${rt.mission_id}/compare/${m.id}`,
    ]) {
      const cmp = MissionCompare.parse((await w.ok('lead', 'GET', url)).json());
      expect(cmp.before.id).toBe(m.id);
      expect(cmp.detection.before).toMatchObject({ numerator: 0, denominator: 3 });
      expect(cmp.detection.after).toMatchObject({ numerator: 2, denominator: 3 });
      const byTest = new Map(cmp.tests.map((x) => [x.before?.test_id ?? x.after?.test_id, x]));
      expect(byTest.get(ids.ps)).toMatchObject({ matched_by: 'retest', change: 'improved' });
      expect(byTest.get(ids.phish2)).toMatchObject({ change: 'unchanged' });
      expect(byTest.get(ids.obf)).toMatchObject({ change: 'dropped' });
      expect(cmp.findings).toMatchObject({ total: 2, closed: 1 });
      expect(cmp.tactics.length).toBeGreaterThan(0);
    }

    // Retest again: a retest_passed finding is refused, naming it; nothing created.
    const count = async () => (await t.ctx.db.select().from(missions)).length;
    const n = await count();
    const again = await w.req('lead', 'POST', `${base}/retest`, {
      finding_ids: [fPs.id, fPhish.id],
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(fPs.id);
    expect(await count()).toBe(n);
  });

  it('refuses bad input naming it, changing nothing', async () => {
    const other = await w.newMission('Elsewhere');
    const foreignFinding = (
      await w.ok('lead', 'POST', `/api/missions/${other.id}/findings`, { title: 'Theirs' })
    ).json<{ id: string }>();
    const empty = (
      await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, { title: 'No tests' })
    ).json<{ id: string }>();
    const n = (await t.ctx.db.select().from(missions)).length;
    const cases: Array<[string, unknown, number, string]> = [
      ['/retest', { finding_ids: [] }, 422, 'finding_ids'],
      ['/retest', {}, 422, 'finding_ids'],
      ['/retest', { finding_ids: [foreignFinding.id] }, 422, foreignFinding.id],
      ['/retest', { finding_ids: [empty.id] }, 422, empty.id],
      ['/retest', { finding_ids: [empty.id], extra: true }, 422, 'extra'],
      ['/findings/accept', { proposals: [] }, 422, 'proposals'],
    ];
    for (const [path, payload, status, text] of cases) {
      const res = await w.req('lead', 'POST', `/api/missions/${m.id}${path}`, payload);
      expect(res.statusCode, `${path} ${res.body}`).toBe(status);
      expect(res.body).toContain(text);
    }
    expect((await t.ctx.db.select().from(missions)).length).toBe(n);
    // A draft on a mission without a reviewed test.
    const fresh = await w.newMission('Nothing reviewed');
    const res = await w.req('lead', 'POST', `/api/missions/${fresh.id}/findings/draft`);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Nothing reviewed');
    // Compare across clients: 422; a mission the caller cannot see: 404.
    const c2 = (await w.ok('lead', 'POST', '/api/clients', { name: 'Umbrella' })).json<{
      id: string;
    }>();
    const far = await w.newMission('Other client', c2.id);
    const cross = await w.req('lead', 'GET', `/api/missions/${m.id}/compare/${far.id}`);
    expect(cross.statusCode).toBe(422);
    expect(cross.body).toContain('another client');
    const hiddenMission = (
      await w.ok('outsider', 'POST', '/api/missions', { client_id: w.clientId, name: 'Not yours' })
    ).json<{ id: string }>();
    expect(
      (await w.req('lead', 'GET', `/api/missions/${m.id}/compare/${hiddenMission.id}`)).statusCode,
    ).toBe(404);
  });

  async function missionOf(id: string): Promise<MissionFixture> {
    const assets = (await w.ok('lead', 'GET', `/api/missions/${id}/assets`)).json<{
      items: Array<{ id: string; name: string }>;
    }>().items;
    return {
      id,
      scenarioId: '',
      edr: assets.find((a) => a.name === 'CrowdStrike')!.id,
      siem: assets.find((a) => a.name === 'Splunk')!.id,
    };
  }
});
