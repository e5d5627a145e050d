import {
  DetectionLevelList,
  MissionAsset,
  MissionPlan,
  MissionScenario,
} from '@metamorph/contract';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser, type TestUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';
import { missionTestAttack, missionTests, missions } from '../../db/schema/index.js';
import { multipart, SAMPLES } from '../evidence/test-evidence.js';
import { createTemplate } from '../library/test-library.js';
import { addMember, createClient, createMission } from '../missions/test-missions.js';
import { worldFindings } from './test-archive-findings.js';

export type WorldRole = 'lead' | 'red' | 'blue' | 'viewer';

export interface ArchiveWorld {
  missionId: string;
  h: Record<WorldRole | 'admin' | 'outsider', Headers>;
  users: Record<WorldRole, TestUser>;
  /** In plan order: reviewed by blue, executed, hidden from blue, ad hoc. */
  testIds: string[];
  hiddenTestId: string;
  /** F-1 (every field, owner a member), F-2 (owner by name), F-3 (only the hidden test). */
  findingIds: string[];
}

const EMAIL = (p: string, role: string) => `${role}-${p}@metamorph.test`;

export async function ok(
  res: LightMyRequestResponse,
  status = 200,
): Promise<LightMyRequestResponse> {
  expect(res.statusCode, res.body).toBe(status);
  return res;
}

/**
 * A mission using every part of the archive: members of four roles, five assets, two scenarios,
 * four tests (red and blue fields, tool results, a level, a hidden one, one left out of
 * reports), tag snapshots with a release and tactics, red and blue evidence (one file shared by
 * two tests), an executive summary and three findings (test-archive-findings.ts). `prefix` fixes the emails, so a second instance can hold
 * the same people.
 */
export async function archiveWorld(t: TestApp, prefix: string): Promise<ArchiveWorld> {
  const admin = await loginAdmin(t);
  const make = async (role: WorldRole | 'outsider', roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys, email: EMAIL(prefix, role) });
    return { u, h: await login(t, u.email, u.password) };
  };
  const [lead, red, blue, viewer, outsider] = [
    await make('lead', ['purple_lead']),
    await make('red', ['red_operator']),
    await make('blue', ['blue_analyst']),
    await make('viewer', ['viewer']),
    await make('outsider', ['purple_lead']),
  ];
  const people: Record<WorldRole, TestUser> = {
    lead: lead.u,
    red: red.u,
    blue: blue.u,
    viewer: viewer.u,
  };
  const h: ArchiveWorld['h'] = {
    admin,
    lead: lead.h,
    red: red.h,
    blue: blue.h,
    viewer: viewer.h,
    outsider: outsider.h,
  };
  const client = await createClient(t, h.lead, `Client ${prefix}`);
  const mission = await createMission(t, h.lead, client.id, {
    name: `Été 2026 / ${prefix}`,
    description_md: 'The **whole** mission',
    start_date: '2026-02-01',
    end_date: '2026-02-28',
    environment_md: 'Lab AD forest',
    tags: ['q1', 'lab'],
  });
  const missionId = mission.id;
  for (const role of ['red', 'blue', 'viewer'] as const) {
    await addMember(t, h.lead, missionId, people[role].id, role);
  }
  const url = (p: string) => `/api/missions/${missionId}${p}`;
  const asset = async (body: Record<string, unknown>) =>
    MissionAsset.parse(
      (
        await ok(
          await t.app.inject({
            method: 'POST',
            url: url('/assets'),
            headers: h.lead,
            payload: body,
          }),
          201,
        )
      ).json(),
    ).id;
  const source = await asset({ kind: 'source', name: 'kali-01', details: '10.0.0.5' });
  const target = await asset({ kind: 'target', name: 'ws-01' });
  const redTool = await asset({ kind: 'red_tool', name: 'Cobalt Strike' });
  const edr = await asset({ kind: 'defence_tool', name: 'Defender', layer: 'edr' });
  const siem = await asset({ kind: 'defence_tool', name: 'Sentinel', layer: 'siem' });
  await asset({ kind: 'account', name: 'CORP\\svc-test' });
  const tpl = await createTemplate(t, admin, { name: `Encoded PowerShell ${prefix}` });
  const day1 = MissionScenario.parse(
    (
      await ok(
        await t.app.inject({
          method: 'POST',
          url: url('/scenarios'),
          headers: h.lead,
          payload: { test_template_ids: [tpl.id, tpl.id], name: 'Day 1' },
        }),
        201,
      )
    ).json(),
  );
  const day2 = MissionScenario.parse(
    (
      await ok(
        await t.app.inject({
          method: 'POST',
          url: url('/scenarios'),
          headers: h.lead,
          payload: { test_template_ids: [tpl.id], name: 'Day 2' },
        }),
        201,
      )
    ).json(),
  );
  const plan = MissionPlan.parse(
    (
      await ok(
        await t.app.inject({
          method: 'POST',
          url: url('/tests'),
          headers: h.lead,
          payload: { scenario_id: day2.id, name: 'Ad hoc LSASS dump', attack_ids: ['T1003.001'] },
        }),
        201,
      )
    ).json(),
  );
  const [t1, t2] = day1.tests.map((x) => x.id);
  const [t4] = day2.tests.map((x) => x.id);
  const t3 = plan.scenarios
    .flatMap((s) => s.tests)
    .find((x) => x.snapshot_name === 'Ad hoc LSASS dump')?.id;
  if (!t1 || !t2 || !t3 || !t4) throw new Error('the world plan is incomplete');
  const put = async (who: Headers, id: string, body: Record<string, unknown>) =>
    ok(
      await t.app.inject({ method: 'PUT', url: url(`/tests/${id}`), headers: who, payload: body }),
    );
  const patchPlan = async (id: string, body: Record<string, unknown>) =>
    ok(
      await t.app.inject({
        method: 'PATCH',
        url: url(`/tests/${id}/plan`),
        headers: h.lead,
        payload: body,
      }),
    );
  await patchPlan(t1, { assignee_id: people.red.id, planned_on: '2026-02-03' });
  await patchPlan(t4, { hidden_from_blue: true });
  await put(h.red, t1, {
    red_command: 'powershell -enc SQBFAFgA',
    red_output: 'marker written',
    red_comment_md: 'Ran *twice*',
    attack_started_at: '2026-02-03T10:00:00.000Z',
    attack_ended_at: '2026-02-03T10:05:00.000Z',
    source_asset_id: source,
    target_asset_id: target,
    account_used: 'CORP\\svc-test',
    red_tool_id: redTool,
    execution_result: 'succeeded',
    cleanup_done: false,
    artefacts_md: 'marker.txt left behind',
  });
  await put(h.red, t2, { red_command: 'whoami /all', execution_result: 'stopped_by_control' });
  for (const id of [t1, t2]) {
    await ok(
      await t.app.inject({
        method: 'POST',
        url: url(`/tests/${id}/transition`),
        headers: h.red,
        payload: { state: 'executed' },
      }),
    );
  }
  const levels = DetectionLevelList.parse(
    (await ok(await t.app.inject({ url: '/api/detection-levels', headers: admin }))).json(),
  ).items;
  const alerted = levels.find((l) => l.key === 'alerted');
  await put(h.blue, t1, {
    blue_comment_md: 'EDR alert **fired**',
    detection_level_id: alerted?.id ?? null,
    outcome_override_reason: 'SIEM rule was noisy',
    hunt_query: 'DeviceProcessEvents | where ProcessCommandLine has "-enc"',
    log_sources: 'Sysmon 1, 4104',
    gap_reason: 'other',
    tool_results: [
      {
        defence_tool_id: edr,
        alerted: 'yes',
        prevented: 'no',
        logged: 'yes',
        rule_name: 'Encoded PS',
        rule_id: 'R-1',
        severity: 'high',
        case_id: 'INC-7',
        detected_at: '2026-02-03T10:01:30.000Z',
        note: 'fast',
      },
      { defence_tool_id: siem, alerted: 'no', prevented: 'no', logged: 'yes' },
    ],
  });
  await ok(
    await t.app.inject({
      method: 'POST',
      url: url(`/tests/${t1}/transition`),
      headers: h.blue,
      payload: { state: 'reviewed_by_blue' },
    }),
  );
  const upload = async (
    who: Headers,
    id: string,
    name: string,
    content: Buffer,
    caption: string,
  ) => {
    const body = multipart({ name, content }, { caption });
    await ok(
      await t.app.inject({
        method: 'POST',
        url: url(`/tests/${id}/evidence`),
        headers: { ...who, ...body.headers },
        payload: body.payload,
      }),
      201,
    );
  };
  await upload(h.red, t1, 'shell.png', SAMPLES.png, 'The shell');
  t.clock.advance(1000);
  await upload(h.blue, t1, 'alert.txt', SAMPLES.txt, 'The EDR alert (blue)');
  t.clock.advance(1000);
  await upload(h.red, t2, 'same-shell.png', SAMPLES.png, 'Same bytes, another test');
  await upload(h.red, t4, 'hidden.json', SAMPLES.json, 'Hidden test evidence');
  await t.ctx.db
    .update(missions)
    .set({
      executiveSummaryMd: '# Summary\nDetection is *good*.',
      executiveSummaryVersion: 3,
      executiveSummaryUpdatedAt: new Date('2026-03-01T08:00:00.000Z'),
      executiveSummaryUpdatedBy: people.lead.id,
    })
    .where(eq(missions.id, missionId));
  await t.ctx.db
    .update(missionTests)
    .set({ includeInReport: false })
    .where(eq(missionTests.id, t2));
  await t.ctx.db
    .update(missionTestAttack)
    .set({
      name: 'PowerShell',
      attackRelease: '17.1',
      tactics: [{ external_id: 'TA0002', shortname: 'execution', name: 'Execution' }],
    })
    .where(sql`${missionTestAttack.externalId} = 'T1059.001'`);
  const findingIds = await worldFindings(t, {
    missionId,
    lead: h.lead,
    ownerId: people.blue.id,
    testIds: [t1, t2, t4],
  });
  return {
    missionId,
    h,
    users: people,
    testIds: [t1, t2, t4, t3],
    hiddenTestId: t4,
    findingIds,
  };
}
