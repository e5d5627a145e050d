import { ArchiveImportReport, FindingList, Mission, RetestResult } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { missionTests } from '../../db/schema/index.js';
import {
  archiveWorld,
  downloadArchive,
  manifestOf,
  runImport,
  type ArchiveWorld,
} from './test-archive.js';

let one: TestApp;
let two: TestApp;
let w: ArchiveWorld;
let rt: RetestResult;
let original: Buffer;
let retest: Buffer;

beforeAll(async () => {
  one = await createTestApp();
  two = await createTestApp();
  w = await archiveWorld(one, 'rtl');
  const res = await one.app.inject({
    method: 'POST',
    url: `/api/missions/${w.missionId}/retest`,
    headers: w.h.lead,
    payload: { finding_ids: [w.findingIds[0]] },
  });
  expect(res.statusCode, res.body).toBe(201);
  rt = RetestResult.parse(res.json());
  original = (await downloadArchive(one, w.h.lead, w.missionId)).rawPayload;
  retest = (await downloadArchive(one, w.h.lead, rt.mission_id)).rawPayload;
});
afterAll(async () => {
  await one.close();
  await two.close();
});

const reportOf = async (t: TestApp, bytes: Buffer, admin = false) => {
  const job = await runImport(t, admin ? await loginAdmin(t) : w.h.lead, bytes);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return ArchiveImportReport.parse(job.result);
};

describe('links to other missions (retests) in an archive', () => {
  it('are exported as the exporter ids: the original mission, tests, the retest tests', async () => {
    const a = await manifestOf(original);
    expect(a.findings?.[0]?.retest_test_ids.sort()).toEqual(rt.tests.map((x) => x.test_id).sort());
    const b = await manifestOf(retest);
    expect(b.mission.retest_of_mission_id).toBe(w.missionId);
    expect(b.tests.map((x) => x.retest_of_test_id).sort()).toEqual(
      rt.tests.map((x) => x.retest_of_test_id).sort(),
    );
    expect(b.findings).toEqual([]);
  });

  it('are restored where the targets exist (imported back into the same instance)', async () => {
    const b = await reportOf(one, retest);
    expect(b.retest_links).toEqual({
      mission_restored: true,
      tests_restored: 2,
      tests_dropped: 0,
      finding_retests_restored: 0,
      finding_retests_dropped: 0,
    });
    const mission = Mission.parse(
      (await one.app.inject({ url: `/api/missions/${b.mission_id}`, headers: w.h.lead })).json(),
    );
    expect(mission.retest_of_mission_id).toBe(w.missionId);
    const rows = await one.ctx.db
      .select({ of: missionTests.retestOfTestId })
      .from(missionTests)
      .where(eq(missionTests.missionId, b.mission_id));
    expect(rows.map((r) => r.of).sort()).toEqual(rt.tests.map((x) => x.retest_of_test_id).sort());
    const a = await reportOf(one, original);
    expect(a.retest_links).toMatchObject({
      finding_retests_restored: 2,
      finding_retests_dropped: 0,
    });
    const list = FindingList.parse(
      (
        await one.app.inject({ url: `/api/missions/${a.mission_id}/findings`, headers: w.h.lead })
      ).json(),
    );
    expect(list.items[0]?.retest_test_ids.sort()).toEqual(rt.tests.map((x) => x.test_id).sort());
  });

  it('are dropped, counted and warned about where the targets do not exist', async () => {
    const b = await reportOf(two, retest, true);
    expect(b.retest_links).toMatchObject({
      mission_restored: false,
      tests_restored: 0,
      tests_dropped: 2,
    });
    expect(b.warnings.join('\n')).toContain('the retest link was dropped');
    const admin = await loginAdmin(two);
    const mission = Mission.parse(
      (await two.app.inject({ url: `/api/missions/${b.mission_id}`, headers: admin })).json(),
    );
    expect(mission.retest_of_mission_id).toBeNull();
    const a = await reportOf(two, original, true);
    expect(a.retest_links).toMatchObject({
      finding_retests_restored: 0,
      finding_retests_dropped: 2,
    });
    expect(a.counts.findings).toBe(3);
  });
});
