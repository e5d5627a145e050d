import { readdir } from 'node:fs/promises';
import { Job } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { jobs } from '../../db/schema/index.js';
import type { ReportRenderer } from './model/report-model.js';
import { renderers } from './render/index.js';
import { reportTempDir } from './report.job.js';
import { reportsWorld, type ReportsWorld } from './test-reports.js';

/** A renderer that writes half a file, then fails. */
const broken: ReportRenderer = {
  format: 'html',
  mime: 'text/html; charset=utf-8',
  extension: 'html',
  async render(_model, out, progress) {
    out.write('<!doctype html><html><body>half a report');
    await progress(1, 3);
    throw new Error('renderer exploded on test 2');
  },
};

describe('a report job that fails', () => {
  let t: TestApp;
  let w: ReportsWorld;
  const html = renderers.html!;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
  });
  afterEach(() => {
    renderers.html = html;
    vi.restoreAllMocks();
  });
  afterAll(() => t.close());

  it('marks the report failed with the reason and stores no file, not even half of one', async () => {
    renderers.html = broken;
    const putFile = vi.spyOn(t.ctx.blobs, 'putFile');
    const report = await w.generate('lead', { format: 'html' });
    expect(report).toMatchObject({
      status: 'failed',
      error: 'renderer exploded on test 2',
      sha256: null,
      size_bytes: null,
      finished_at: expect.any(String),
    });
    expect(putFile).not.toHaveBeenCalled();
    const job = Job.parse((await w.ok('lead', 'GET', `/api/jobs/${report.job_id}`)).json());
    expect(job).toMatchObject({ status: 'failed', error: 'renderer exploded on test 2' });
    const left = await readdir(reportTempDir(t.ctx)).catch(() => []);
    expect(left.filter((f) => f.startsWith('report-'))).toEqual([]);
    const content = await w.req('lead', 'GET', `/api/reports/${report.id}/content`);
    expect(content.statusCode).toBe(409);
    expect(content.json<{ detail: string }>().detail).toMatch(/failed: renderer exploded/);
  });

  it('reads as failed when its job ended without it (a worker died on the last attempt)', async () => {
    const res = await w.req('lead', 'POST', `/api/missions/${w.missionId}/reports`, {
      format: 'html',
    });
    const { report, job } = res.json<{ report: { id: string }; job: { id: string } }>();
    await t.ctx.db
      .update(jobs)
      .set({ status: 'failed', error: 'The worker running this job stopped responding' })
      .where(eq(jobs.id, job.id));
    const got = await w.ok('lead', 'GET', `/api/reports/${report.id}`);
    expect(got.json()).toMatchObject({
      status: 'failed',
      error: 'The worker running this job stopped responding',
    });
    expect((await w.req('lead', 'GET', `/api/reports/${report.id}/content`)).statusCode).toBe(409);
  });

  it('fails clearly when the mission was deleted before the job ran', async () => {
    const res = await w.req('lead', 'POST', `/api/missions/${w.missionId}/reports`, {
      format: 'html',
    });
    const id = res.json<{ report: { id: string } }>().report.id;
    await w.ok('lead', 'DELETE', `/api/missions/${w.missionId}`);
    await t.ctx.runner.runOnce();
    // The mission is gone for the lead, and its report with it; an admin still reads the row.
    expect((await w.req('lead', 'GET', `/api/reports/${id}`)).statusCode).toBe(404);
    const row = await t.ctx.db.query.reports.findFirst({ where: (r, { eq }) => eq(r.id, id) });
    expect(row).toMatchObject({
      status: 'failed',
      error: 'The mission no longer exists',
      blobKey: null,
    });
  });
});
