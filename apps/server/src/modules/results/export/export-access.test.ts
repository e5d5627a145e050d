import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuthzTable, makeActors } from '../../../../test/authz-kit.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { exportRequests } from './test-export-requests.js';
import { exportWorld, type ExportWorld } from './test-export.js';

/** Who may export what: hidden tests, 404 before 403, the route × actor table, bad input. */
describe('GET /api/missions/:id/export — access and input', () => {
  let t: TestApp;
  let x: ExportWorld;
  beforeAll(async () => {
    t = await createTestApp();
    x = await exportWorld(t);
  });
  afterAll(() => t.close());

  const { get, lead, csvRows } = exportRequests(
    () => t,
    () => x,
  );

  it('leaves hidden tests out for a blue-only member, in every format', async () => {
    const csv = await get(x.blueExporter, '?format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csvRows(csv).map((r) => r.test_id)).toEqual([x.pendingId, x.fullId]);
    const json = await get(x.blueExporter, '?format=json');
    const ids = json.json<{ tests: Array<{ id: string }> }>().tests.map((r) => r.id);
    expect(ids).toEqual([x.pendingId, x.fullId]);
    const xlsx = await get(x.blueExporter, '?format=xlsx');
    expect(xlsx.rawPayload.includes(Buffer.from('Secret exfiltration'))).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Tests')!.rowCount).toBe(3);
    expect(csv.body).not.toContain(x.hiddenId);
  });

  it('is 404 for a non-member and an unknown mission, 403 without report.export', async () => {
    const outsider = await get(x.outsider, '?format=csv');
    expect(outsider.statusCode).toBe(404);
    const unknown = await get(x.w.h.lead, '?format=csv', '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect((await get(x.w.h.lead, '', 'not-a-uuid')).statusCode).toBe(404);
    // blue_analyst: a member, but the role lacks report.export.
    expect((await get(x.w.h.blue, '?format=csv')).statusCode).toBe(403);
    expect((await get({}, '?format=csv')).statusCode).toBe(401);
  });

  it('checks visibility before report.export (route × actor, none of them members)', async () => {
    const actors = await makeActors(t, 'report.export');
    const url = `/api/missions/${x.missionId}/export?format=csv`;
    await checkAuthzTable(t, actors, [
      {
        name: 'GET export',
        request: { method: 'GET', url },
        expect: {
          anonymous: 401,
          no_role: 404,
          viewer: 404,
          red: 404,
          blue: 404,
          lead: 404,
          // admin.missions sees every mission; report.export alone does not.
          admin: 200,
          token_scoped: 404,
          token_unscoped: 403,
        },
      },
    ]);
  });

  it('refuses a bad format or an unknown query key with 422 naming it', async () => {
    const bad = await lead('?format=pdf');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: Array<{ path: string }> }>().errors[0]?.path).toBe(
      'querystring.format',
    );
    const typo = await lead('?fromat=csv');
    expect(typo.statusCode).toBe(422);
    expect(typo.body).toContain('fromat');
  });
});
