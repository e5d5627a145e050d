import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { reportsWorld, type ReportsWorld, type Who } from './test-reports.js';

/**
 * Route × actor for every reports route: anonymous 401; a lead of no mission of the client 404
 * (nothing leaks); members without report.export 403 after visibility; leads and admins pass.
 * Executive summary: members read, leads write. A malformed id reads as not found.
 */
type Actor = 'anon' | Exclude<Who, 'blueReporter'>;

describe('reports routes × actors', () => {
  let t: TestApp;
  let w: ReportsWorld;
  let reportId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await reportsWorld(t);
    reportId = (await w.generate('lead', { format: 'html' })).id;
  });
  afterAll(() => t.close());

  it('answers each actor as the table says', async () => {
    const m = `/api/missions/${w.missionId}`;
    const r = `/api/reports/${reportId}`;
    type Row = [string, string, unknown, Record<Actor, number>];
    const table: Row[] = [
      [
        'POST',
        `${m}/reports`,
        { format: 'html' },
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 202, admin: 202 },
      ],
      [
        'POST',
        `${m}/reports`,
        { format: 'html', options: { nope: 1 } },
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 422, admin: 422 },
      ],
      [
        'GET',
        `${m}/reports`,
        undefined,
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [
        'POST',
        `${m}/reports/redaction-preview`,
        {},
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [
        'GET',
        r,
        undefined,
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [
        'GET',
        `${r}/content`,
        undefined,
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 200, admin: 200 },
      ],
      [
        'GET',
        `${m}/executive-summary`,
        undefined,
        { anon: 401, outsider: 404, blue: 200, red: 200, lead: 200, admin: 200 },
      ],
      [
        'PUT',
        `${m}/executive-summary`,
        { markdown: 'x', version: 999 },
        { anon: 401, outsider: 404, blue: 403, red: 403, lead: 409, admin: 409 },
      ],
      [
        'GET',
        '/api/missions/not-a-uuid/reports',
        undefined,
        { anon: 401, outsider: 404, blue: 404, red: 404, lead: 404, admin: 404 },
      ],
      [
        'GET',
        '/api/reports/not-a-uuid',
        undefined,
        { anon: 401, outsider: 404, blue: 404, red: 404, lead: 404, admin: 404 },
      ],
    ];
    const got: Array<[string, string, Actor, number]> = [];
    const want: Array<[string, string, Actor, number]> = [];
    for (const [method, url, payload, expected] of table) {
      for (const [who, status] of Object.entries(expected) as Array<[Actor, number]>) {
        want.push([method, url, who, status]);
        const res =
          who === 'anon'
            ? await t.app.inject({
                method: method as 'GET',
                url,
                ...(payload === undefined ? {} : { payload: payload as object }),
              })
            : await w.req(who, method as 'GET', url, payload);
        got.push([method, url, who, res.statusCode]);
      }
    }
    expect(got).toEqual(want);
  });
});
