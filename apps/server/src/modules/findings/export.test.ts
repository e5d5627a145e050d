import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { findings } from '../../db/schema/index.js';
import { findingsWorld, type FindingsWorld, type MissionFixture } from './test-world.js';

describe('findings exports', () => {
  let t: TestApp;
  let w: FindingsWorld;
  let m: MissionFixture;
  beforeAll(async () => {
    t = await createTestApp();
    w = await findingsWorld(t);
    m = await w.newMission('Été exercise');
    const test = await w.firstTest(m.id);
    await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
      title: '=HYPERLINK("http://evil")',
      severity: 'critical',
      test_ids: [test],
      siem_query: '-index=main',
    });
    const fixed = await w.ok('lead', 'POST', `/api/missions/${m.id}/findings`, {
      title: 'Closed one',
      test_ids: [test],
    });
    // A closed finding leaves the layer.
    await t.ctx.db
      .update(findings)
      .set({ status: 'retest_passed' })
      .where(eq(findings.id, fixed.json<{ id: string }>().id));
  });
  afterAll(() => t.close());

  it('writes CSV with formulas neutralised and a dated attachment name', async () => {
    const res = await w.ok('lead', 'GET', `/api/missions/${m.id}/findings/export?format=csv`);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /ete-exercise-findings-\d{4}-\d{2}-\d{2}\.csv/,
    );
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.body).toContain("'-index=main");
    expect(res.body.split('\r\n')[0]).toContain('finding_id,number,title,severity');
  });

  it('writes XLSX whose cells are text, never formulas', async () => {
    const res = await w.ok('lead', 'GET', `/api/missions/${m.id}/findings/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Findings')!;
    expect(sheet.rowCount).toBe(3);
    const titles = [sheet.getRow(2).getCell(3).value, sheet.getRow(3).getCell(3).value];
    expect(titles).toContain(`'=HYPERLINK("http://evil")`);
  });

  it('builds a 4.5 layer of open findings only', async () => {
    const layer = (await w.ok('lead', 'GET', `/api/missions/${m.id}/findings/layer`)).json<{
      versions: { layer: string };
      domain: string;
      techniques: Array<{ techniqueID: string; score?: number; comment: string }>;
    }>();
    expect(layer).toMatchObject({ versions: { layer: '4.5' }, domain: 'enterprise-attack' });
    const sub = layer.techniques.find((x) => x.techniqueID === 'T1059.001');
    expect(sub).toMatchObject({ score: 4 });
    expect(sub!.comment).not.toContain('Closed one');
    expect(layer.techniques.find((x) => x.techniqueID === 'T1059')).toMatchObject({
      showSubtechniques: true,
    });
    const bad = await w.req('lead', 'GET', `/api/missions/${m.id}/findings/export?format=pdf`);
    expect(bad.statusCode).toBe(422);
  });
});
