import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job, type AttackImportResult } from '@metamorph/contract';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root (apps/server/src/modules/attack → ../../../../..). */
export const REPO_ROOT = path.resolve(here, '../../../../..');
export const FIXTURES = path.resolve(here, '../../../test/fixtures/attack');
export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

/** The real Enterprise bundle, if the shared data is present. */
export function sharedBundle(): string | undefined {
  const base = process.env.METAMORPH_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');
  const file = path.join(base, 'attack', 'enterprise-attack.json');
  return existsSync(file) ? file : undefined;
}

/** A multipart/form-data body with one file part. */
export function multipartFile(content: Buffer, filename = 'bundle.json') {
  const boundary = `----metamorph${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/json\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a bundle through the API, runs the queued job and returns it. */
export async function uploadAndRun(t: TestApp, auth: Headers, content: Buffer): Promise<Job> {
  const body = multipartFile(content);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload: body.payload,
    headers: { ...auth, ...body.headers },
  });
  expect(res.statusCode, res.body).toBe(202);
  return runJob(t, auth, res.json<{ job: Job }>().job.id);
}

export async function syncUrlAndRun(t: TestApp, auth: Headers, url: string): Promise<Job> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attack/sync',
    payload: { url },
    headers: auth,
  });
  expect(res.statusCode, res.body).toBe(202);
  return runJob(t, auth, res.json<{ job: Job }>().job.id);
}

export async function runJob(t: TestApp, auth: Headers, id: string): Promise<Job> {
  await t.ctx.runner.runOnce();
  const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: auth });
  return Job.parse(res.json());
}

export function importResult(job: Job): AttackImportResult {
  expect(job.status, job.error ?? '').toBe('succeeded');
  return job.result as AttackImportResult;
}

/** Turns on `outbound.allow_private_targets` (a local stub server is a private target). */
export async function allowPrivateTargets(t: TestApp, auth: Headers, on = true): Promise<void> {
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/settings',
    headers: auth,
    payload: { 'outbound.allow_private_targets': on },
  });
  expect(res.statusCode, res.body).toBe(200);
}
