import {
  ArchiveImportReport,
  AuditPage,
  FindingList,
  JobAccepted,
  MissionPlan,
  MissionTestDetail,
  type ArchiveManifest,
} from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { createClient } from '../missions/test-missions.js';
import {
  archiveWorld,
  downloadArchive,
  footprint,
  manifestOf,
  runImport,
  startImport,
  unzip,
  zipOf,
  type ArchiveWorld,
} from './test-archive.js';

let source: TestApp;
let target: TestApp;
let w: ArchiveWorld;
let archive: Buffer;
let admin: Headers;

/** The archive with its manifest changed (the files kept). */
async function withManifest(edit: (m: ArchiveManifest) => void): Promise<Buffer> {
  const files = await unzip(archive);
  const m = await manifestOf(archive);
  edit(m);
  files.set('manifest.json', Buffer.from(JSON.stringify(m)));
  return zipOf([...files].map(([name, data]) => ({ name, data })));
}

beforeAll(async () => {
  source = await createTestApp();
  target = await createTestApp();
  w = await archiveWorld(source, 'imp');
  // A level only the source has.
  const level = await source.app.inject({
    method: 'POST',
    url: '/api/detection-levels',
    headers: w.h.admin,
    payload: {
      key: 'contained',
      label: 'Contained',
      colour: '#123456',
      rank: 4,
      counts_as: 'prevented',
      coverage_score: 100,
    },
  });
  expect(level.statusCode, level.body).toBe(201);
  const put = await source.app.inject({
    method: 'PUT',
    url: `/api/missions/${w.missionId}/tests/${w.testIds[1]}`,
    headers: w.h.blue,
    payload: { detection_level_id: level.json().id },
  });
  expect(put.statusCode, put.body).toBe(200);
  const res = await downloadArchive(source, w.h.lead, w.missionId);
  expect(res.statusCode).toBe(200);
  archive = res.rawPayload;
  admin = await loginAdmin(target);
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('POST /api/missions/import', () => {
  it('imports into an instance that knows nobody: users and levels reported, the importer leads', async () => {
    const job = await runImport(target, admin, archive);
    expect(job.type).toBe('mission.import');
    expect(job.status, job.error ?? '').toBe('succeeded');
    const report = ArchiveImportReport.parse(job.result);
    expect(report.users.mapped).toEqual([]);
    expect(report.users.unmapped.map((u) => [u.email, u.roles])).toEqual(
      [
        [w.users.blue.email, ['blue']],
        [w.users.lead.email, ['lead']],
        [w.users.red.email, ['red']],
        [w.users.viewer.email, ['viewer']],
      ].sort(),
    );
    expect(report.users.unmapped.find((u) => u.email === w.users.red.email)?.display_name).toBe(
      'red-imp',
    );
    expect(report.members_skipped).toHaveLength(4);
    expect(report.importer_added_as_lead).toBe(true);
    expect(report.detection_levels).toEqual({
      mapped: [{ key: 'alerted', label: 'Alerted' }],
      unmapped: [{ key: 'contained', label: 'Contained', tests: 1 }],
    });
    expect(report.counts).toMatchObject({
      tests: 4,
      members: 1,
      evidence: 4,
      tool_results: 2,
      findings: 3,
    });
    expect(report.client).toMatchObject({ name: 'Client imp', created: true });
    // The imported mission: its test without a known level has none, the other kept its own.
    const plan = await target.app.inject({
      url: `/api/missions/${report.mission_id}/plan`,
      headers: admin,
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const tests = MissionPlan.parse(plan.json()).scenarios.flatMap((s) => s.tests);
    const details = await Promise.all(
      tests.map(async (x) =>
        MissionTestDetail.parse(
          (
            await target.app.inject({
              url: `/api/missions/${report.mission_id}/tests/${x.id}`,
              headers: admin,
            })
          ).json(),
        ),
      ),
    );
    expect(details.map((d) => d.detection_level_key)).toEqual(['alerted', null, null, null]);
    // Findings keep their numbers and links; an owner unknown here is kept by name.
    const findings = FindingList.parse(
      (
        await target.app.inject({
          url: `/api/missions/${report.mission_id}/findings`,
          headers: admin,
        })
      ).json(),
    ).items;
    expect(findings.map((f) => [f.number, f.test_ids.length])).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
    ]);
    expect(findings[0]).toMatchObject({ owner_user_id: null, owner_name: 'blue-imp' });
    expect(findings[0]?.test_ids).toEqual([details[0]?.id, details[1]?.id]);
    expect(details[0]?.assignee_id).toBeNull();
    expect(details[0]?.red_command).toBe('powershell -enc SQBFAFgA');
    expect(details[0]?.evidence.map((e) => e.original_filename)).toEqual([
      'shell.png',
      'alert.txt',
    ]);
    const content = await target.app.inject({
      url: `/api/evidence/${details[0]?.evidence[0]?.id}/content`,
      headers: admin,
    });
    expect(content.statusCode).toBe(200);
    const audit = AuditPage.parse(
      (
        await target.app.inject({ url: `/api/audit?mission=${report.mission_id}`, headers: admin })
      ).json(),
    ).items;
    expect(audit.map((a) => a.action)).toContain('mission.imported');
    expect(target.blobs.count).toBe(0);
  });

  it('matches an existing client by name, or takes client_id; nothing else changes it', async () => {
    const again = ArchiveImportReport.parse((await runImport(target, admin, archive)).result);
    expect(again.client).toMatchObject({ name: 'Client imp', created: false });
    const other = await createClient(target, admin, 'Another client');
    const chosen = ArchiveImportReport.parse(
      (await runImport(target, admin, archive, { client_id: other.id })).result,
    );
    expect(chosen.client).toEqual({ id: other.id, name: 'Another client', created: false });
    const renamed = await withManifest((m) => {
      m.client.name = 'CLIENT IMP';
    });
    const byName = ArchiveImportReport.parse((await runImport(target, admin, renamed)).result);
    expect(byName.client.id).toBe(again.client.id);
  });

  it('still reads format 1 (no findings, no retest links)', async () => {
    const v1 = await withManifest((m) => {
      m.format_version = 1;
      delete m.findings;
      delete m.mission.retest_of_mission_id;
      for (const x of m.tests) delete x.retest_of_test_id;
    });
    const report = ArchiveImportReport.parse((await runImport(target, admin, v1)).result);
    expect(report.counts).toMatchObject({ tests: 4, findings: 0 });
    expect(report.retest_links.mission_restored).toBeNull();
  });

  it('the same archive uploaded twice is one blob, kept until the last import that needs it ran', async () => {
    const first = JobAccepted.parse((await startImport(target, admin, archive)).json()).job;
    const second = JobAccepted.parse((await startImport(target, admin, archive)).json()).job;
    expect(target.blobs.count).toBe(1);
    await target.ctx.runner.runOnce();
    expect(target.blobs.count).toBe(1);
    await target.ctx.runner.runOnce();
    expect(target.blobs.count).toBe(0);
    for (const job of [first, second]) {
      const done = await target.app.inject({ url: `/api/jobs/${job.id}`, headers: admin });
      expect(done.json().status).toBe('succeeded');
    }
  });

  it('refuses bad form fields with 422 and non-multipart with 415, before any job', async () => {
    const before = await footprint(target);
    const unknown = await startImport(target, admin, archive, { client: 'x' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toContain('client');
    const badId = await startImport(target, admin, archive, { client_id: 'nope' });
    expect(badId.statusCode).toBe(422);
    const missing = await startImport(target, admin, archive, {
      client_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toContain('client_id');
    const json = await target.app.inject({
      method: 'POST',
      url: '/api/missions/import',
      headers: admin,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    expect(await footprint(target)).toEqual(before);
  });

  it('needs mission.create (403), a session or token (401)', async () => {
    expect((await startImport(target, {}, archive)).statusCode).toBe(401);
    expect((await startImport(source, w.h.viewer, archive)).statusCode).toBe(403);
    const ok = await startImport(source, w.h.lead, archive);
    expect(ok.statusCode, ok.body).toBe(202);
    expect(JobAccepted.parse(ok.json()).job.status).toBe('queued');
    // Another user's job does not exist for them.
    const jobId = JobAccepted.parse(ok.json()).job.id;
    expect(
      (await source.app.inject({ url: `/api/jobs/${jobId}`, headers: w.h.red })).statusCode,
    ).toBe(404);
    await source.ctx.runner.runOnce();
  });
});
