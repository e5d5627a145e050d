import { Matrix, TechniquePage } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, login, type Headers } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../test-helpers.js';

/** Imports test/fixtures/attack/<file> through POST /api/attack/sync and its job. */
async function importMini(t: TestApp, file: string): Promise<string> {
  const admin = await loginAdmin(t);
  return importResult(await uploadAndRun(t, admin, fixture(file))).release.id;
}

let t: TestApp;
let viewer: Headers;

beforeAll(async () => {
  t = await createTestApp();
  await importMini(t, 'mini-enterprise.json');
  const user = await createUser(t, { roleKeys: ['viewer'] });
  viewer = await login(t, user.email, user.password);
});
afterAll(() => t.close());

async function get(url: string, headers: Headers = viewer) {
  return t.app.inject({ method: 'GET', url, headers });
}
async function matrix(query = ''): Promise<Matrix> {
  const res = await get(`/api/attack/matrix${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return Matrix.parse(res.json());
}
async function search(query: string): Promise<TechniquePage> {
  const res = await get(`/api/attack/techniques${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return TechniquePage.parse(res.json());
}
const ids = (xs: { external_id: string }[]): string[] => xs.map((x) => x.external_id);

describe('GET /api/attack/matrix', () => {
  it('lists tactics in matrix order with techniques, sub-techniques nested, revoked and deprecated left out', async () => {
    const m = await matrix();
    expect(m.release?.version).toBe('1.0');
    expect(m.tactics.map((x) => x.shortname)).toEqual([
      'initial-access',
      'execution',
      'defense-evasion',
    ]);
    const [initial, execution, evasion] = m.tactics;
    expect(ids(initial?.techniques ?? [])).toEqual(['T1566']);
    expect(ids(initial?.techniques[0]?.subtechniques ?? [])).toEqual(['T1566.001']);
    // By name within a column; no sub-technique at the top level.
    expect(execution?.techniques.map((x) => x.name)).toEqual([
      'Command and Scripting Interpreter',
      'Ingress Tool Transfer',
      'User Execution',
    ]);
    expect(ids(evasion?.techniques ?? [])).toEqual(['T1027']);
    expect(ids(evasion?.techniques[0]?.subtechniques ?? [])).toEqual(['T1027.004']);
    expect(m.platforms).toEqual(['Linux', 'macOS', 'Windows']);
  });

  it('answers 304 to a client that holds the current matrix (ETag per release and filter)', async () => {
    const first = await get('/api/attack/matrix');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['content-type']).toContain('application/json');
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/attack/matrix',
      headers: { ...viewer, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/api/attack/matrix?include_revoked=true');
    expect(other.headers.etag).not.toBe(etag);
  });

  it('includes revoked and deprecated techniques when asked', async () => {
    const both = await matrix('?include_revoked=true&include_deprecated=true');
    expect(ids(both.tactics[1]?.techniques ?? [])).toContain('T1064');
    expect(ids(both.tactics[2]?.techniques ?? [])).toContain('T1500');
    const deprecatedOnly = await matrix('?include_deprecated=true');
    expect(ids(deprecatedOnly.tactics[1]?.techniques ?? [])).toContain('T1064');
    expect(ids(deprecatedOnly.tactics[2]?.techniques ?? [])).not.toContain('T1500');
    expect(
      deprecatedOnly.tactics[1]?.techniques.find((x) => x.external_id === 'T1064'),
    ).toMatchObject({ deprecated: true, revoked: false });
  });

  it('answers an empty matrix for a domain with no release, and 422 for an unknown domain', async () => {
    const ics = await matrix('?domain=ics-attack');
    expect(ics).toMatchObject({ domain: 'ics-attack', release: null, tactics: [], platforms: [] });
    expect((await get('/api/attack/matrix?domain=nope')).statusCode).toBe(422);
  });
});

describe('GET /api/attack/techniques', () => {
  it('finds by id prefix and by name substring, in id order, live only by default', async () => {
    expect(ids((await search('?q=T1566')).items)).toEqual(['T1566', 'T1566.001']);
    expect(ids((await search('?q=t1059.0')).items)).toEqual(['T1059.001']);
    expect(ids((await search('?q=compile')).items)).toEqual(['T1027.004']);
    expect(ids((await search('?q=compile&include_revoked=true')).items)).toEqual([
      'T1027.004',
      'T1500',
    ]);
    expect(ids((await search('?q=script')).items)).toEqual(['T1059']);
    expect(ids((await search('?q=script&include_deprecated=true')).items)).toEqual([
      'T1059',
      'T1064',
    ]);
    expect((await search('?q=%25')).total).toBe(0);
  });

  it('filters by tactic (shortname, id or name), platform and sub-technique mode', async () => {
    const execution = ['T1059', 'T1059.001', 'T1105', 'T1204'];
    expect(ids((await search('?tactic=execution')).items)).toEqual(execution);
    expect(ids((await search('?tactic=TA0002')).items)).toEqual(execution);
    expect(ids((await search('?tactic=Execution')).items)).toEqual(execution);
    expect((await search('?tactic=exfiltration')).total).toBe(0);
    expect(ids((await search('?tactic=execution&platform=linux')).items)).toEqual([
      'T1059',
      'T1105',
      'T1204',
    ]);
    expect(ids((await search('?subtechniques=only')).items)).toEqual([
      'T1027.004',
      'T1059.001',
      'T1566.001',
    ]);
    expect(ids((await search('?subtechniques=exclude')).items)).toEqual([
      'T1027',
      'T1059',
      'T1105',
      'T1204',
      'T1566',
    ]);
  });

  it('pages with a cursor and reports the total of the whole search', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TechniquePage = await search(
        `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.total).toBe(8);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...ids(page.items));
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      'T1027',
      'T1027.004',
      'T1059',
      'T1059.001',
      'T1105',
      'T1204',
      'T1566',
      'T1566.001',
    ]);
  });

  it('rejects a forged cursor and bad parameters with 422', async () => {
    for (const q of ['?cursor=bm9wZQ', '?limit=0', '?subtechniques=maybe', '?include_revoked=1']) {
      const res = await get(`/api/attack/techniques${q}`);
      expect(res.statusCode, q).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('authentication', () => {
  it('answers 401 to anonymous callers on every read route, 200 to an admin', async () => {
    const admin = await loginAdmin(t);
    const urls = [
      '/api/attack/matrix',
      '/api/attack/techniques',
      '/api/attack/techniques/T1059',
      '/api/attack/groups',
      '/api/attack/groups/G0007',
    ];
    for (const url of urls) {
      expect((await get(url, {})).statusCode, url).toBe(401);
      expect((await get(url, admin)).statusCode, url).toBe(200);
    }
    const diff = `/api/attack/releases/${crypto.randomUUID()}/diff/${crypto.randomUUID()}`;
    expect((await get(diff, {})).statusCode).toBe(401);
  });
});
