import { Job, JobAccepted } from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';
import { multipart, storedFiles } from '../evidence/test-evidence.js';

/** Importing archives in tests, and the footprint an import must leave (or not). */

/** Uploads an archive; answers the 202's job. */
export async function startImport(
  t: TestApp,
  h: Headers,
  content: Buffer,
  fields: Record<string, string> = {},
  name = 'mission.zip',
): Promise<LightMyRequestResponse> {
  const body = multipart({ name, content }, fields);
  return t.app.inject({
    method: 'POST',
    url: '/api/missions/import',
    headers: { ...h, ...body.headers },
    payload: body.payload,
  });
}

/** Uploads an archive and runs its job to the end: the finished job. */
export async function runImport(
  t: TestApp,
  h: Headers,
  content: Buffer,
  fields: Record<string, string> = {},
): Promise<Job> {
  const res = await startImport(t, h, content, fields);
  expect(res.statusCode, res.body).toBe(202);
  const { job } = JobAccepted.parse(res.json());
  await t.ctx.runner.runOnce();
  const done = await t.app.inject({ url: `/api/jobs/${job.id}`, headers: h });
  expect(done.statusCode, done.body).toBe(200);
  return Job.parse(done.json());
}

const COUNTED = [
  'clients',
  'missions',
  'mission_members',
  'mission_assets',
  'mission_scenarios',
  'mission_tests',
  'mission_test_attack',
  'mission_test_tool_results',
  'evidence_files',
  'findings',
  'finding_tests',
  'finding_retest_tests',
] as const;

/** Rows of every table an import writes, and the files of the evidence store and blob store. */
export async function footprint(t: TestApp): Promise<Record<string, number | string[]>> {
  const out: Record<string, number | string[]> = {};
  for (const table of COUNTED) {
    const rows = await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    out[table] = rows[0]?.n ?? -1;
  }
  out.evidence_store = await storedFiles(t);
  out.blobs = t.blobs.count;
  return out;
}
