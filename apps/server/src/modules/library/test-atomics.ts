import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from '@metamorph/contract';
import { AtomicsImportResult } from '@metamorph/contract';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import { multipartFiles, type Part } from '../../../test/multipart.js';
import type { TestApp } from '../../../test/harness.js';
import { runJob } from '../attack/test-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ATOMICS_FIXTURES = path.resolve(here, '../../../test/fixtures/atomics');
export const atomicsFixture = (name: string): Buffer =>
  readFileSync(path.join(ATOMICS_FIXTURES, name));

export { multipartFiles, type Part } from '../../../test/multipart.js';

export function postAtomics(
  t: TestApp,
  auth: Headers,
  files: Part[],
  fields: Record<string, string> = {},
) {
  const body = multipartFiles(files, fields);
  return t.app.inject({
    method: 'POST',
    url: '/api/library/import/atomics',
    payload: body.payload,
    headers: { ...auth, ...body.headers },
  });
}

/** Uploads, runs the job and returns its report. */
export async function importAtomicsThroughApi(
  t: TestApp,
  auth: Headers,
  files: Part[],
  fields: Record<string, string> = {},
): Promise<AtomicsImportResult> {
  const res = await postAtomics(t, auth, files, fields);
  expect(res.statusCode, res.body).toBe(202);
  const job: Job = await runJob(t, auth, res.json<{ job: Job }>().job.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return AtomicsImportResult.parse(job.result);
}
