import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from './auth-helpers.js';
import { createTestApp, type TestApp } from './harness.js';
import { routeWorld, type RouteWorld } from './route-world.js';

/**
 * Issue 22 points 5/7 (concurrency): for every versioned resource, WRITERS concurrent writes
 * carrying the same version (If-Match where the route reads it, else `version` in the body):
 * exactly one wins; every other answers 409 problem+json with the current version (the
 * project's rule for a stale version, DESIGN "Errors"); the stored value is the winner's (no
 * lost update); the audit trail has exactly one new entry for the resource.
 */
const WRITERS = 6;

interface Versioned {
  name: string;
  targetId: () => string;
  write(
    version: number,
    value: string,
  ): { method: 'PUT' | 'PATCH'; url: string; payload: object; headers?: Headers };
  /** The written value as read back. */
  value(body: Record<string, unknown>): unknown;
}

let t: TestApp;
let admin: Headers;
let w: RouteWorld;
let templateId = '';
let scenarioTemplateId = '';
let findingId = '';

const findCurrent = (x: unknown): unknown => {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  if ('current_version' in o) return o.current_version;
  for (const v of Object.values(o)) {
    const found = findCurrent(v);
    if (found !== undefined) return found;
  }
  return undefined;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAdmin(t);
  w = await routeWorld(t, admin);
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  templateId = await post('/api/library/tests', { name: 'Concurrent template' });
  scenarioTemplateId = await post('/api/library/scenarios', {
    name: 'Concurrent scenario',
    test_ids: [templateId],
  });
  findingId = await post(`/api/missions/${w.missionId}/findings`, {
    title: 'Concurrent finding',
    severity: 'low',
  });
}, 120_000);
afterAll(() => t?.close());

const RESOURCES: Versioned[] = [
  {
    name: 'mission test (If-Match)',
    targetId: () => w.testId,
    write: (v, value) => ({
      method: 'PUT',
      url: `/api/missions/${w.missionId}/tests/${w.testId}`,
      payload: { red_comment_md: value },
      headers: { 'if-match': `"${v}"` },
    }),
    value: (b) => b.red_comment_md,
  },
  {
    name: 'finding (If-Match)',
    targetId: () => findingId,
    write: (v, value) => ({
      method: 'PATCH',
      url: `/api/findings/${findingId}`,
      payload: { title: value },
      headers: { 'if-match': `"${v}"` },
    }),
    value: (b) => b.title,
  },
  {
    name: 'mission (version)',
    targetId: () => w.missionId,
    write: (v, value) => ({
      method: 'PATCH',
      url: `/api/missions/${w.missionId}`,
      payload: { name: value, version: v },
    }),
    value: (b) => b.name,
  },
  {
    name: 'library test template (version)',
    targetId: () => templateId,
    write: (v, value) => ({
      method: 'PUT',
      url: `/api/library/tests/${templateId}`,
      payload: { name: value, version: v },
    }),
    value: (b) => b.name,
  },
  {
    name: 'library scenario template (version)',
    targetId: () => scenarioTemplateId,
    write: (v, value) => ({
      method: 'PUT',
      url: `/api/library/scenarios/${scenarioTemplateId}`,
      payload: { name: value, test_ids: [templateId], version: v },
    }),
    value: (b) => b.name,
  },
  {
    name: 'executive summary (version)',
    targetId: () => w.missionId,
    write: (v, value) => ({
      method: 'PUT',
      url: `/api/missions/${w.missionId}/executive-summary`,
      payload: { markdown: value, version: v },
    }),
    value: (b) => b.markdown,
  },
];

const readUrl = (name: string): string =>
  ({
    'mission test (If-Match)': `/api/missions/${w.missionId}/tests/${w.testId}`,
    'finding (If-Match)': `/api/findings/${findingId}`,
    'mission (version)': `/api/missions/${w.missionId}`,
    'library test template (version)': `/api/library/tests/${templateId}`,
    'library scenario template (version)': `/api/library/scenarios/${scenarioTemplateId}`,
    'executive summary (version)': `/api/missions/${w.missionId}/executive-summary`,
  })[name] ?? '';

const auditRows = async (targetId: string) =>
  Number(
    (
      await t.database.query<{ n: string }>(
        'select count(*) as n from audit_events where target_id = $1',
        [targetId],
      )
    )[0]?.n,
  );

describe(`${WRITERS} concurrent writers with the same version`, () => {
  for (const r of RESOURCES) {
    it(`${r.name}: one wins, the others get 409 with the current version, nothing lost`, async () => {
      const get = async () =>
        (await t.app.inject({ url: readUrl(r.name), headers: admin })).json() as Record<
          string,
          unknown
        >;
      const before = await get();
      const version = Number(before.version);
      const audits = await auditRows(r.targetId());
      const values = Array.from({ length: WRITERS }, (_, i) => `writer ${i} of ${r.name}`);
      const answers = await Promise.all(
        values.map((value) => {
          const req = r.write(version, value);
          return t.app.inject({ ...req, headers: { ...admin, ...req.headers } });
        }),
      );
      const won = answers.filter((a) => a.statusCode === 200);
      const lost = answers.filter((a) => a.statusCode !== 200);
      expect(
        won.length,
        answers.map((a) => `${a.statusCode} ${a.body.slice(0, 160)}`).join('\n'),
      ).toBe(1);
      const after = await get();
      for (const a of lost) {
        expect(a.statusCode, a.body).toBe(409);
        expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(findCurrent(a.json()), a.body).toBe(Number(after.version));
      }
      const winner = values[answers.indexOf(won[0]!)];
      expect(r.value(after)).toBe(winner);
      expect(Number(after.version)).toBe(version + 1);
      expect(await auditRows(r.targetId())).toBe(audits + 1);
    });
  }
});

describe('a write that must name its version', () => {
  it('answers 422 naming `version` when it is missing (library templates), and changes nothing', async () => {
    for (const url of [
      `/api/library/tests/${templateId}`,
      `/api/library/scenarios/${scenarioTemplateId}`,
    ]) {
      const before = (await t.app.inject({ url, headers: admin })).json() as { version: number };
      const payload = url.includes('scenarios')
        ? { name: 'No version', test_ids: [templateId] }
        : { name: 'No version' };
      const res = await t.app.inject({ method: 'PUT', url, headers: admin, payload });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toContain('version');
      const after = (await t.app.inject({ url, headers: admin })).json() as { version: number };
      expect(after.version).toBe(before.version);
    }
  });
});
