import { Matrix, ReleaseDiff } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { diffReleases, type DiffImpactProvider } from './diff.service.js';
import { fixture, importResult, uploadAndRun } from '../test-helpers.js';
import { seedRelease } from './test-seed.js';

/** Imports test/fixtures/attack/<file> through POST /api/attack/sync and its job. */
async function importMini(t: TestApp, file: string): Promise<string> {
  const admin = await loginAdmin(t);
  return importResult(await uploadAndRun(t, admin, fixture(file))).release.id;
}

let t: TestApp;
let blue: Headers;
let v1: string;
let v2: string;

beforeAll(async () => {
  t = await createTestApp();
  const user = await createUser(t, { roleKeys: ['blue_analyst'] });
  blue = await login(t, user.email, user.password);
  v1 = await importMini(t, 'mini-enterprise.json');
  // Built (and cached) on v1: the import of v2 must show at once.
  expect((await matrix()).release?.version).toBe('1.0');
  v2 = await importMini(t, 'mini-enterprise-v2.json');
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: blue });
async function diff(a: string, b: string): Promise<ReleaseDiff> {
  const res = await get(`/api/attack/releases/${a}/diff/${b}`);
  expect(res.statusCode, res.body).toBe(200);
  return ReleaseDiff.parse(res.json());
}
const ids = (xs: { external_id: string }[]): string[] => xs.map((x) => x.external_id);
async function matrix(): Promise<Matrix> {
  const res = await get('/api/attack/matrix');
  expect(res.statusCode, res.body).toBe(200);
  return Matrix.parse(res.json());
}

describe('after importing a newer release', () => {
  it('the matrix shows it at once (the cache is keyed by release)', async () => {
    const m = await matrix();
    expect(m.release).toMatchObject({ id: v2, version: '2.0' });
    expect(ids(m.tactics[0]?.techniques[0]?.subtechniques ?? [])).toEqual([
      'T1566.001',
      'T1566.002',
    ]);
    // T1027 is in two columns now; T1204 (deprecated) and T1105 (revoked) are gone.
    expect(ids(m.tactics[1]?.techniques ?? [])).toEqual(['T1059', 'T1027']);
    expect(ids(m.tactics[2]?.techniques ?? [])).toEqual(['T1027']);
  });
});

describe('GET /api/attack/releases/:a/diff/:b', () => {
  it('puts every difference of the mini releases in its category', async () => {
    const d = await diff(v1, v2);
    expect(d.from).toMatchObject({ id: v1, version: '1.0', current: false });
    expect(d.to).toMatchObject({ id: v2, version: '2.0', current: true });
    expect(ids(d.added)).toEqual(['T1566.002']);
    expect(d.changed).toEqual([
      {
        external_id: 'T1027',
        name: 'Obfuscated Files or Information',
        fields: ['tactics'],
        before: expect.objectContaining({ tactics: ['defense-evasion'] }),
        after: expect.objectContaining({ tactics: ['defense-evasion', 'execution'] }),
      },
      {
        external_id: 'T1566.001',
        name: 'Spearphishing Attachment File',
        fields: ['name', 'description'],
        before: expect.objectContaining({ name: 'Spearphishing Attachment' }),
        after: expect.objectContaining({ name: 'Spearphishing Attachment File' }),
      },
    ]);
    expect(ids(d.deprecated)).toEqual(['T1204']);
    expect(d.revoked).toEqual([
      expect.objectContaining({ external_id: 'T1105', revoked: true, revoked_by: 'T1059' }),
    ]);
    expect(d.removed).toEqual([]);
    expect(d.impacts).toEqual([]);
  });

  it('reads backwards as removed and nothing newly revoked', async () => {
    const d = await diff(v2, v1);
    expect(ids(d.removed)).toEqual(['T1566.002']);
    expect(ids(d.added)).toEqual(['T1105', 'T1204']);
    expect(d.revoked).toEqual([]);
    expect(d.deprecated).toEqual([]);
    expect(ids(d.changed)).toEqual(['T1027', 'T1566.001']);
  });

  it('finds nothing between a release and itself', async () => {
    const d = await diff(v2, v2);
    expect([d.added, d.changed, d.deprecated, d.revoked, d.removed]).toEqual([[], [], [], [], []]);
  });

  it('answers 404 for an unknown release, 422 across domains or for a malformed id', async () => {
    const unknown = crypto.randomUUID();
    for (const url of [
      `/api/attack/releases/${unknown}/diff/${v2}`,
      `/api/attack/releases/${v1}/diff/${unknown}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const ics = await seedRelease(t.ctx.db, {
      domain: 'ics-attack',
      version: '1.0',
      tactics: [{ id: 'TA0108', shortname: 'initial-access-ics', name: 'Initial Access' }],
      techniques: [{ id: 'T0817', name: 'Drive-by Compromise', tactics: ['initial-access-ics'] }],
    });
    const cross = await get(`/api/attack/releases/${v1}/diff/${ics}`);
    expect(cross.statusCode).toBe(422);
    expect(cross.json()).toMatchObject({ code: 'validation_failed' });
    expect((await get(`/api/attack/releases/v1/diff/${v2}`)).statusCode).toBe(422);
  });
});

describe('diffReleases impact providers', () => {
  it('hands the finished diff and the touched ids to each provider and collects what they find', async () => {
    const seen: string[][] = [];
    const provider: DiffImpactProvider = {
      name: 'test.templates',
      async impacts({ touched, diff }) {
        seen.push(touched);
        expect(diff.to.id).toBe(v2);
        return [
          {
            provider: 'test.templates',
            kind: 'test_template',
            id: 'tpl-1',
            label: 'Spearphishing drill',
            mission_id: null,
            external_ids: ['T1566.001'],
            reasons: ['changed'],
          },
        ];
      },
    };
    const d = await diffReleases(t.ctx.db, v1, v2, { providers: [provider] });
    expect(seen).toEqual([['T1027', 'T1105', 'T1204', 'T1566.001']]);
    expect(d.impacts.map((i) => i.id)).toEqual(['tpl-1']);
  });
});
