import { NEXT_TESTS_COLUMNS } from '@metamorph/contract';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { threatWorld, type ThreatWorld } from '../test-threats.js';

/**
 * The next-tests export of APT28 + APT29 + T1027 (weight 3): T1027 missed (rank 1, template
 * "Base64 payload") and T1204 not tested (rank 2, "Open a macro document" and a template whose
 * name is a formula, which must come out as text).
 */
describe('GET …/threat-profiles/:profileId/next-tests/export', () => {
  let t: TestApp;
  let w: ThreatWorld;
  let profileId: string;
  const FORMULA = '=HYPERLINK("http://evil.example","click")';
  const url = (qs: string) =>
    `/api/clients/${w.clientId}/threat-profiles/${profileId}/next-tests/export?${qs}`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
    await w.ok('admin', 'POST', '/api/library/tests', {
      name: FORMULA,
      attack_ids: ['T1204'],
      platforms: ['Windows'],
    });
    profileId = (
      await w.ok('lead', 'POST', `/api/clients/${w.clientId}/threat-profiles`, {
        name: 'Été / espionage',
        group_ids: ['G0007', 'G0016'],
        extra: [{ technique_id: 'T1027', weight: 3 }],
      })
    ).json<{ id: string }>().id;
  }, 120_000);
  afterAll(() => t?.close());

  it('answers the ranked list as CSV, formula cells neutralised', async () => {
    const res = await w.ok('lead', 'GET', url('format=csv'));
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="metamorph-initech-ete-espionage-next-tests-2026-03-01.csv"; ' +
        "filename*=UTF-8''metamorph-initech-%C3%A9t%C3%A9-espionage-next-tests-2026-03-01.csv",
    );
    expect(res.body.startsWith('\uFEFFrank,technique_id,')).toBe(true);
    expect(res.body).toContain('\r\n');
    const rows = parse(res.body.slice(1)) as string[][];
    expect(rows[0]).toEqual([...NEXT_TESTS_COLUMNS]);
    const byCol = rows.slice(1).map((r) => Object.fromEntries(r.map((v, i) => [rows[0]![i], v])));
    expect(byCol).toEqual([
      {
        rank: '1',
        technique_id: 'T1027',
        technique: 'Obfuscated Files or Information',
        tactics: 'defense-evasion',
        reason: 'missed',
        status: 'missed',
        priority: '3',
        weight: '3',
        used_by: '',
        last_tested_at: '2026-02-09T10:00:00.000Z',
        templates: 'Base64 payload',
        template_keys: expect.any(String) as unknown as string,
      },
      expect.objectContaining({
        rank: '2',
        technique_id: 'T1204',
        reason: 'not_tested',
        status: 'not_tested',
        priority: '1',
        used_by: 'G0016',
        last_tested_at: '',
      }),
    ]);
    // One cell holds both template names (library order); it starts with the formula: quoted.
    expect(byCol[1]!.templates).toBe(`'${FORMULA}; Open a macro document`);
  });

  it('answers an XLSX workbook read back with exceljs, never a formula', async () => {
    const res = await w.ok('lead', 'GET', url('format=xlsx&platforms=windows'));
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain('next-tests-2026-03-01.xlsx');
    const wb = new ExcelJS.Workbook();
    // exceljs's Buffer type is its own declaration; the bytes are a Node Buffer.
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Next tests')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...NEXT_TESTS_COLUMNS]);
    expect(sheet.rowCount).toBe(3);
    expect(values(2).slice(0, 9)).toEqual([
      1,
      'T1027',
      'Obfuscated Files or Information',
      'defense-evasion',
      'missed',
      'missed',
      3,
      3,
      undefined,
    ]);
    // platforms=windows drops the Linux template: only the formula-named one is left.
    expect(values(3)[10]).toBe(`'${FORMULA}`);
    for (let r = 1; r <= sheet.rowCount; r++) {
      sheet.getRow(r).eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
    }
    const about = wb.getWorksheet('Profile')!;
    expect((about.getRow(3).values as unknown[]).slice(1)).toEqual(['profile', 'Été / espionage']);
    expect((about.getRow(9).values as unknown[]).slice(1)).toEqual(['platforms', 'windows']);
  });

  it('refuses unknown and bad query fields with 422, another client’s profile with 404', async () => {
    for (const qs of ['format=pdf', 'format=csv&zz=1', 'stale_days=-1', 'min_level=nope']) {
      const res = await w.req('lead', 'GET', url(qs));
      expect(res.statusCode, qs).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const bad = await w.req('lead', 'GET', url('format=csv&zz=1'));
    expect(bad.body).toContain('zz');
    const other = await w.req(
      'lead',
      'GET',
      `/api/clients/${w.globex}/threat-profiles/${profileId}/next-tests/export?format=csv`,
    );
    const unknown = await w.req(
      'lead',
      'GET',
      `/api/clients/${w.clientId}/threat-profiles/00000000-0000-4000-8000-000000000000/next-tests/export`,
    );
    expect([other.statusCode, unknown.statusCode]).toEqual([404, 404]);
    const strip = (b: string) => ({ ...JSON.parse(b), requestId: null }) as unknown;
    expect(strip(other.body)).toEqual(strip(unknown.body));
  });
});
