import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DetectionLevelList,
  Job,
  MissionPlan,
  MissionScenario,
  Report,
  ReportAccepted,
} from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { expect } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createUser } from '../../../test/factories.js';
import type { TestApp } from '../../../test/harness.js';

/**
 * The reports fixture, built through the HTTP API only: ATT&CK catalog, client "Initech",
 * mission "Opération Été" (lead, red, blue, and blue+report.export members, an EDR and a SIEM),
 * scenario Day 1 with a library test and: `main` (secrets in its command, output, comments
 * and text evidence; an image), `excluded` (include_in_report off), `hidden` (hidden from
 * blue). An executive summary holding an AWS key.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.resolve(here, '../../../test/fixtures/attack/mini-enterprise.json');

export type Who = 'admin' | 'lead' | 'red' | 'blue' | 'blueReporter' | 'outsider';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const SECRETS = {
  password: 'Hunter2!xyz',
  ntlm: 'aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c',
  bearer: 'abcDEF123456ghiJKL789mno',
  evidence: 'TopSecretEvidence42',
  aws: 'AKIAIOSFODNN7EXAMPLE',
} as const;

export function multipart(name: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----reports${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const payload = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface ReportsWorld {
  t: TestApp;
  h: Record<Who, Headers>;
  missionId: string;
  ids: { main: string; excluded: string; hidden: string };
  imageSha: string;
  textSha: string;
  req(who: Who, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  ok(who: Who, method: Method, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Asks for a report and runs its job; answers the report as GET /api/reports/:id reads it. */
  generate(who: Who, body: unknown): Promise<Report>;
}

export async function reportsWorld(t: TestApp): Promise<ReportsWorld> {
  const admin = await loginAdmin(t);
  const make = async (roleKeys: string[]) => {
    const u = await createUser(t, { roleKeys });
    return { id: u.id, h: await login(t, u.email, u.password) };
  };
  const lead = await make(['purple_lead']);
  const red = await make(['red_operator']);
  const blue = await make(['blue_analyst']);
  const reporterUser = await createUser(t, { roleKeys: ['blue_analyst'] });
  const reporter = { id: reporterUser.id };
  const outsider = await make(['purple_lead']);
  const h: Record<Who, Headers> = {
    admin,
    lead: lead.h,
    red: red.h,
    blue: blue.h,
    blueReporter: {},
    outsider: outsider.h,
  };
  const req: ReportsWorld['req'] = (who, method, url, payload) =>
    t.app.inject({
      method,
      url,
      headers: h[who],
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok: ReportsWorld['ok'] = async (who, method, url, payload) => {
    const res = await req(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const upload = async (testId: string, name: string, content: Buffer, caption: string) => {
    const body = multipart(name, content, { caption });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/missions/${missionId}/tests/${testId}/evidence`,
      payload: body.payload,
      headers: { ...h.blue, ...body.headers },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ sha256: string }>().sha256;
  };

  const bundle = multipart('bundle.json', readFileSync(BUNDLE));
  const sync = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload: bundle.payload,
    headers: { ...admin, ...bundle.headers },
  });
  expect(sync.statusCode, sync.body).toBe(202);
  await t.ctx.runner.runOnce();
  // A blue analyst who may also export reports (a role beside blue_analyst).
  const role = (
    await ok('admin', 'POST', '/api/roles', { name: 'Reporter', permissions: ['report.export'] })
  ).json<{ id: string }>();
  const blueRole = (await ok('admin', 'GET', '/api/roles'))
    .json<{ items: Array<{ id: string; key: string | null }> }>()
    .items.find((r) => r.key === 'blue_analyst')!;
  await ok('admin', 'PATCH', `/api/users/${reporter.id}`, { role_ids: [blueRole.id, role.id] });
  // Signed in after the role change (a change of roles ends the user's sessions).
  h.blueReporter = await login(t, reporterUser.email, reporterUser.password);

  const client = (await ok('lead', 'POST', '/api/clients', { name: 'Initech' })).json<{
    id: string;
  }>();
  const levels = DetectionLevelList.parse(
    (await ok('blue', 'GET', '/api/detection-levels')).json(),
  ).items;
  const level = (key: string) => levels.find((l) => l.key === key)!.id;
  const tpl = (
    await ok('admin', 'POST', '/api/library/tests', {
      name: 'Encoded PowerShell',
      attack_ids: ['T1059.001'],
    })
  ).json<{ id: string }>();
  const missionId = (
    await ok('lead', 'POST', '/api/missions', { client_id: client.id, name: 'Opération Été' })
  ).json<{ id: string }>().id;
  const u = (p: string) => `/api/missions/${missionId}${p}`;
  for (const [id, role] of [
    [red.id, 'red'],
    [blue.id, 'blue'],
    [reporter.id, 'blue'],
  ] as const) {
    await ok('lead', 'POST', u('/members'), { user_id: id, role });
  }
  const edr = (
    await ok('lead', 'POST', u('/assets'), {
      kind: 'defence_tool',
      name: 'CrowdStrike',
      layer: 'edr',
    })
  ).json<{ id: string }>().id;
  await ok('lead', 'POST', u('/assets'), { kind: 'defence_tool', name: 'Splunk', layer: 'siem' });
  const scenarioId = MissionScenario.parse(
    (
      await ok('lead', 'POST', u('/scenarios'), { test_template_ids: [tpl.id], name: 'Day 1' })
    ).json(),
  ).id;
  const addTest = async (name: string, attackIds: string[]) => {
    const plan = MissionPlan.parse(
      (
        await ok('lead', 'POST', u('/tests'), {
          scenario_id: scenarioId,
          name,
          attack_ids: attackIds,
        })
      ).json(),
    );
    return plan.scenarios.flatMap((s) => s.tests).find((x) => x.snapshot_name === name)!.id;
  };
  const main = await addTest('Dump credentials', ['T1059']);
  const excluded = await addTest('Excluded test', ['T1027']);
  const hidden = await addTest('Hidden test', ['T1105']);
  await ok('lead', 'PATCH', u(`/tests/${excluded}/plan`), { include_in_report: false });
  await ok('lead', 'PATCH', u(`/tests/${hidden}/plan`), { hidden_from_blue: true });

  await ok('red', 'PUT', u(`/tests/${main}`), {
    red_command: `mysql -u root --password=${SECRETS.password} -e "select 1"`,
    red_output: `Administrator:500:${SECRETS.ntlm}:::\n<script>alert(1)</script>`,
    red_comment_md: '**Worked** on the first try. ![x](https://tracker.example/pixel.png)',
    attack_started_at: '2026-03-01T10:00:00.000Z',
    execution_result: 'succeeded',
  });
  await ok('red', 'POST', u(`/tests/${main}/transition`), { state: 'executed' });
  await ok('blue', 'PUT', u(`/tests/${main}`), {
    blue_comment_md: `Alert fired; API called with Authorization: Bearer ${SECRETS.bearer}`,
    tool_results: [
      {
        defence_tool_id: edr,
        prevented: 'no',
        alerted: 'yes',
        logged: 'yes',
        rule_name: 'LSASS access',
        detected_at: '2026-03-01T10:00:30.000Z',
      },
    ],
    detection_level_id: level('alerted'),
  });
  await ok('blue', 'POST', u(`/tests/${main}/transition`), { state: 'reviewed_by_blue' });
  const png = await sharp({
    create: { width: 1600, height: 1000, channels: 3, background: '#3366cc' },
  })
    .png()
    .toBuffer();
  const imageSha = await upload(main, 'screen.png', png, 'EDR console');
  const textSha = await upload(
    main,
    'alert.txt',
    Buffer.from(`alert body\npassword=${SECRETS.evidence}\n`),
    'Raw alert',
  );
  await ok('lead', 'PUT', u('/executive-summary'), {
    markdown: `# Summary\n\nKey ${SECRETS.aws} was found.`,
    version: 0,
  });

  return {
    t,
    h,
    missionId,
    ids: { main, excluded, hidden },
    imageSha,
    textSha,
    req,
    ok,
    async generate(who, body) {
      const res = await req(who, 'POST', u('/reports'), body);
      expect(res.statusCode, res.body).toBe(202);
      const accepted = ReportAccepted.parse(res.json());
      await t.ctx.runner.runOnce();
      const jobRes = await req(who, 'GET', `/api/jobs/${accepted.job.id}`);
      expect(jobRes.statusCode, jobRes.body).toBe(200);
      const job = Job.parse(jobRes.json());
      expect(['succeeded', 'failed']).toContain(job.status);
      return Report.parse((await ok(who, 'GET', `/api/reports/${accepted.report.id}`)).json());
    },
  };
}
