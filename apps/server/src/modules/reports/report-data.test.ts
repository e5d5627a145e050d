import { REPORT_DATA_SCHEMA_VERSION, ReportData } from '@metamorph/contract';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHeaders } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { SECRETS, reportsWorld, type ReportsWorld } from './test-reports.js';

/**
 * GET /api/missions/:id/report-data: the report model as JSON — the reports' guard (route ×
 * actor, token scopes, 404 without leaking), their redaction, their test selection, the
 * contract schema, and images that render.
 */
describe('report data', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    url = `/api/missions/${w.missionId}/report-data`;
  });
  afterAll(() => t.close());

  it('answers each actor as report export does (token scopes cap it)', async () => {
    const noScope = await tokenHeaders(t, w.h.lead, ['library.read']);
    const scoped = await tokenHeaders(t, w.h.lead, ['report.export'], 'export token');
    const status = async (headers: Record<string, string>) =>
      (await t.app.inject({ method: 'GET', url, headers })).statusCode;
    const got = {
      anon: await status({}),
      admin: (await w.req('admin', 'GET', url)).statusCode,
      lead: (await w.req('lead', 'GET', url)).statusCode,
      red: (await w.req('red', 'GET', url)).statusCode,
      blue: (await w.req('blue', 'GET', url)).statusCode,
      blueReporter: (await w.req('blueReporter', 'GET', url)).statusCode,
      outsider: (await w.req('outsider', 'GET', url)).statusCode,
      tokenWithoutScope: await status({ authorization: noScope.authorization }),
      tokenWithScope: await status({ authorization: scoped.authorization }),
    };
    expect(got).toEqual({
      anon: 401,
      admin: 200,
      lead: 200,
      red: 403,
      blue: 403,
      blueReporter: 200,
      outsider: 404,
      tokenWithoutScope: 403,
      tokenWithScope: 200,
    });
  });

  it("answers 404 for another lead's mission exactly as for one that does not exist", async () => {
    const client = (await w.ok('outsider', 'POST', '/api/clients', { name: 'Other Co' })).json<{
      id: string;
    }>();
    const other = (
      await w.ok('outsider', 'POST', '/api/missions', { client_id: client.id, name: 'Theirs' })
    ).json<{ id: string }>().id;
    expect((await w.req('outsider', 'GET', `/api/missions/${other}/report-data`)).statusCode).toBe(
      200,
    );
    const theirs = await w.req('lead', 'GET', `/api/missions/${other}/report-data`);
    const none = await w.req(
      'lead',
      'GET',
      '/api/missions/00000000-0000-4000-8000-000000000000/report-data',
    );
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      requestId: undefined,
      instance: undefined,
    });
    expect(theirs.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(strip(theirs.json())).toEqual(strip(none.json()));
    expect(theirs.body).not.toContain('Theirs');
  });

  it('is the redacted report model: no secret, the contract schema, the reported tests', async () => {
    const res = await w.ok('lead', 'GET', url);
    for (const secret of Object.values(SECRETS)) expect(res.body).not.toContain(secret);
    const data = ReportData.parse(res.json());
    expect(data.schema_version).toBe(REPORT_DATA_SCHEMA_VERSION);
    expect(data.client.name).toBe('Initech');
    expect(data.mission).toMatchObject({ id: w.missionId, name: 'Opération Été' });
    expect(data.options).toEqual({ redact: true, include_hidden: false, include_evidence: true });
    expect(data.redaction_patterns).toContain('password-option');
    // Excluded from the report and hidden from blue: not in it unless asked.
    expect(data.tests.map((x) => x.name)).toEqual(['Encoded PowerShell', 'Dump credentials']);
    const main = data.tests.find((x) => x.id === w.ids.main)!;
    expect(main.command).toBe('mysql -u root --password=[REDACTED] -e "select 1"');
    expect(main.output).toContain('[REDACTED');
    expect(main.blue_comment_md).toContain('Bearer [REDACTED');
    expect(main.tool_results[0]).toMatchObject({ tool_name: 'CrowdStrike', alerted: 'Yes' });
    expect(main.evidence.map((e) => e.sha256).sort()).toEqual([w.imageSha, w.textSha].sort());
    expect(data.evidence_manifest.map((r) => r.caption).sort()).toEqual([
      'EDR console',
      'Raw alert',
    ]);
    expect(data.executive_summary_md).toContain('[REDACTED');
    expect(data.team.map((g) => g.role)).toEqual(expect.arrayContaining(['Lead', 'Red', 'Blue']));
    expect(data.key_numbers.find((k) => k.label === 'Detection rate')?.value).toMatch(/%/);
    expect(data.results_by_tactic.length).toBeGreaterThan(0);
    expect(data.detection_levels.map((l) => l.key)).toContain('alerted');
  });

  it('includes hidden tests only when asked by a caller who sees them', async () => {
    const lead = ReportData.parse((await w.ok('lead', 'GET', `${url}?include_hidden=true`)).json());
    expect(lead.options.include_hidden).toBe(true);
    expect(lead.tests.map((x) => x.id)).toContain(w.ids.hidden);
    const blue = ReportData.parse(
      (await w.ok('blueReporter', 'GET', `${url}?include_hidden=true`)).json(),
    );
    expect(blue.options.include_hidden).toBe(false);
    expect(blue.tests.map((x) => x.id)).not.toContain(w.ids.hidden);
    expect(JSON.stringify(blue)).not.toContain('Hidden test');
  });

  it('refuses unknown query keys and values (422)', async () => {
    for (const q of ['redact=false', 'include_hidden=yes']) {
      const res = await w.req('lead', 'GET', `${url}?${q}`);
      expect(res.statusCode, q).toBe(422);
    }
  });

  it('carries the charts and the heat map as SVG images that render', async () => {
    const data = ReportData.parse((await w.ok('lead', 'GET', url)).json());
    expect(data.images.map((i) => i.id)).toEqual(
      expect.arrayContaining(['chart:progress', 'chart:levels', 'heatmap']),
    );
    const map = data.images.find((i) => i.id === 'heatmap')!;
    expect(map.svg).toContain('T1059');
    const meta = await sharp(Buffer.from(map.svg)).metadata();
    expect([meta.width, meta.height]).toEqual([map.width, map.height]);
  });

  it('serves its JSON Schema with the version', async () => {
    const res = await w.ok('blue', 'GET', '/api/schemas/report-data.json');
    expect(res.headers['content-type']).toContain('application/schema+json');
    expect(res.json<{ title: string }>().title).toContain(REPORT_DATA_SCHEMA_VERSION);
  });
});
