import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AuditEvent, ErrorBody, MissionPlan, ReportList } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { MASK } from './redaction/redactor.js';
import { reportTempDir } from './report.job.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

describe('mission reports (HTML)', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let url: (p: string) => string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    url = (p) => `/api/missions/${w.missionId}${p}`;
  });
  afterAll(() => t.close());

  it('writes the report as a job: status, size and SHA-256 of the stored file, attachment download', async () => {
    const report = await w.generate('lead', { format: 'html' });
    expect(report).toMatchObject({
      format: 'html',
      status: 'succeeded',
      file_name: 'opération-été-report-2026-03-01.html',
      error: null,
      created_by: { display_name: expect.any(String) },
      options: { include_hidden: false, redact: true, include_evidence: true },
    });
    const res = await w.req('lead', 'GET', `/api/reports/${report.id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="operation-ete-report-2026-03-01.html"; filename*=UTF-8\'\'op%C3%A9ration-%C3%A9t%C3%A9-report-2026-03-01.html',
    );
    expect(res.rawPayload.length).toBe(report.size_bytes);
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(report.sha256);
    const html = res.body;
    for (const text of [
      'Initech',
      'Opération Été',
      'Dump credentials',
      '1.2 Dump credentials',
      w.imageSha,
      w.textSha,
      'EDR console',
      'LSASS access',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain(`--password=${MASK}`);
    for (const secret of Object.values(SECRETS)) expect(html).not.toContain(secret);
    // Left out: include_in_report off, and hidden tests unless asked for.
    expect(html).not.toContain('Excluded test');
    expect(html).not.toContain('Hidden test');
    // Escaped text, markdown without raw HTML or remote images.
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>Worked</strong>');
    // A markdown image is not fetched: it stays a plain link (a click, never a request).
    expect(html).not.toMatch(/src="https?:/);
    expect(html).toContain(
      '<a href="https://tracker.example/pixel.png" rel="noopener noreferrer" target="_blank">x</a>',
    );
    const img = /<img src="data:image\/jpeg;base64,[^"]+" width="(\d+)" height="(\d+)"/.exec(html);
    expect(img?.slice(1).map(Number)).toEqual([800, 500]);
  });

  it('lists the history newest first; the creation is audited', async () => {
    t.clock.advance(60_000);
    const second = await w.generate('admin', {
      format: 'html',
      options: { sections: ['tests'], include_evidence: false },
    });
    const list = ReportList.parse((await w.ok('lead', 'GET', url('/reports'))).json());
    expect(list.items[0]?.id).toBe(second.id);
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    const audit = (await w.ok('admin', 'GET', `/api/audit?action=report.requested`)).json<{
      items: unknown[];
    }>();
    const events = audit.items.map((e) => AuditEvent.parse(e));
    expect(
      events.some(
        (e) =>
          e.target_id === second.id && e.mission_id === w.missionId && e.target_type === 'report',
      ),
    ).toBe(true);
  });

  it('includes hidden tests only when asked for by someone who sees them', async () => {
    const withHidden = await w.generate('lead', {
      format: 'html',
      options: { include_hidden: true },
    });
    expect(withHidden.options.include_hidden).toBe(true);
    expect((await w.ok('lead', 'GET', `/api/reports/${withHidden.id}/content`)).body).toContain(
      'Hidden test',
    );
    // A blue member with report.export asks too: the option is dropped, the hidden test stays out.
    const blue = await w.generate('blueReporter', {
      format: 'html',
      options: { include_hidden: true },
    });
    expect(blue.options.include_hidden).toBe(false);
    expect(
      (await w.ok('blueReporter', 'GET', `/api/reports/${blue.id}/content`)).body,
    ).not.toContain('Hidden test');
    // …and the lead's report that holds it does not exist for them.
    expect((await w.req('blueReporter', 'GET', `/api/reports/${withHidden.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await w.req('blueReporter', 'GET', `/api/reports/${withHidden.id}/content`)).statusCode,
    ).toBe(404);
    const theirs = ReportList.parse((await w.ok('blueReporter', 'GET', url('/reports'))).json());
    expect(theirs.items.map((r) => r.id)).not.toContain(withHidden.id);
    expect(theirs.items.map((r) => r.id)).toContain(blue.id);
  });

  it('honours include_in_report as a planning field (plan rows, test detail, report)', async () => {
    const plan = MissionPlan.parse((await w.ok('lead', 'GET', url('/plan'))).json());
    const rows = plan.scenarios.flatMap((s) => s.tests);
    expect(rows.find((r) => r.id === w.ids.excluded)?.include_in_report).toBe(false);
    expect(rows.find((r) => r.id === w.ids.main)?.include_in_report).toBe(true);
    const detail = await w.ok('blue', 'GET', url(`/tests/${w.ids.excluded}`));
    expect(detail.json<{ include_in_report: boolean }>().include_in_report).toBe(false);
    expect(
      (await w.req('red', 'PATCH', url(`/tests/${w.ids.main}/plan`), { include_in_report: false }))
        .statusCode,
    ).toBe(403);
    await w.ok('lead', 'PATCH', url(`/tests/${w.ids.excluded}/plan`), { include_in_report: true });
    const report = await w.generate('lead', { format: 'html', options: { sections: ['tests'] } });
    expect((await w.ok('lead', 'GET', `/api/reports/${report.id}/content`)).body).toContain(
      'Excluded test',
    );
    await w.ok('lead', 'PATCH', url(`/tests/${w.ids.excluded}/plan`), { include_in_report: false });
  });

  it('turns redaction off only when asked (redact: false)', async () => {
    const raw = await w.generate('lead', {
      format: 'html',
      options: { redact: false, sections: ['tests'] },
    });
    expect((await w.ok('lead', 'GET', `/api/reports/${raw.id}/content`)).body).toContain(
      SECRETS.password,
    );
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const before = ReportList.parse((await w.ok('lead', 'GET', url('/reports'))).json()).items
      .length;
    const cases: Array<[unknown, number, RegExp]> = [
      [{ format: 'rtf' }, 422, /format/],
      [{ format: 'html', options: { sections: ['cover_letter'] } }, 422, /sections/],
      [{ format: 'html', options: { sections: ['tests', 'tests'] } }, 422, /repeat/],
      [{ format: 'html', options: { sections: [] } }, 422, /sections/],
      [{ format: 'html', options: { colour: 'red' } }, 422, /colour/],
      [{ format: 'html', extra: 1 }, 422, /extra/],
    ];
    for (const [body, status, detail] of cases) {
      const res = await w.req('lead', 'POST', url('/reports'), body);
      expect([res.statusCode, ErrorBody.parse(res.json()).detail]).toEqual([
        status,
        expect.stringMatching(detail),
      ]);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await w.req('lead', 'POST', `/api/missions/${unknown}/reports`, { format: 'html' }))
        .statusCode,
    ).toBe(404);
    expect((await w.req('lead', 'GET', `/api/reports/${unknown}`)).statusCode).toBe(404);
    expect((await w.req('lead', 'GET', '/api/reports/not-a-uuid')).statusCode).toBe(404);
    expect(
      ReportList.parse((await w.ok('lead', 'GET', url('/reports'))).json()).items,
    ).toHaveLength(before);
  });

  it('answers 409 for the content of a report not written yet', async () => {
    const res = await w.req('lead', 'POST', url('/reports'), { format: 'html' });
    const id = res.json<{ report: { id: string } }>().report.id;
    const early = await w.req('lead', 'GET', `/api/reports/${id}/content`);
    expect(early.statusCode).toBe(409);
    expect(ErrorBody.parse(early.json()).detail).toMatch(/queued/);
    await t.ctx.runner.runOnce();
    expect((await w.req('lead', 'GET', `/api/reports/${id}/content`)).statusCode).toBe(200);
  });

  it('leaves no temp file behind', async () => {
    const dir = reportTempDir(t.ctx);
    const left = await readdir(dir).catch(() => []);
    expect(left.filter((f) => f.startsWith('report-'))).toEqual([]);
    expect(path.isAbsolute(dir)).toBe(true);
  });
});
