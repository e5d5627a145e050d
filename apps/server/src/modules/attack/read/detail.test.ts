import { GroupDetail, GroupList, TechniqueDetail } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, loginAdmin, type Headers } from '../../../../test/auth-helpers.js';
import { createUser } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../test-helpers.js';

/** Imports test/fixtures/attack/<file> through POST /api/attack/sync and its job. */
async function importMini(t: TestApp, file: string): Promise<string> {
  const admin = await loginAdmin(t);
  return importResult(await uploadAndRun(t, admin, fixture(file))).release.id;
}

let t: TestApp;
let red: Headers;

beforeAll(async () => {
  t = await createTestApp();
  await importMini(t, 'mini-enterprise.json');
  const user = await createUser(t, { roleKeys: ['red_operator'] });
  red = await login(t, user.email, user.password);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: red });
async function technique(id: string): Promise<TechniqueDetail> {
  const res = await get(`/api/attack/techniques/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return TechniqueDetail.parse(res.json());
}
const ids = (xs: { external_id: string }[]): string[] => xs.map((x) => x.external_id);

describe('GET /api/attack/techniques/:externalId', () => {
  it('shows a technique with its sub-techniques, tactics and mitigations', async () => {
    const d = await technique('T1059');
    expect(d).toMatchObject({
      external_id: 'T1059',
      name: 'Command and Scripting Interpreter',
      domain: 'enterprise-attack',
      is_subtechnique: false,
      parent_id: null,
      revoked: false,
      revoked_by: null,
      release_version: '1.0',
      tactic_refs: [{ external_id: 'TA0002', shortname: 'execution', name: 'Execution' }],
      mitigations: [{ external_id: 'M1038', name: 'Execution Prevention', kind: 'mitigation' }],
    });
    expect(d.description.length).toBeGreaterThan(0);
    expect(ids(d.subtechniques)).toEqual(['T1059.001']);
  });

  it('lists the groups and software that use it', async () => {
    const sub = await technique('T1059.001');
    expect(sub).toMatchObject({ is_subtechnique: true, parent_id: 'T1059', subtechniques: [] });
    expect(sub.used_by).toEqual([{ external_id: 'G0007', name: 'APT28', kind: 'group' }]);
    const evasion = await technique('T1027');
    expect(evasion.used_by).toEqual([{ external_id: 'S0023', name: 'CHOPSTICK', kind: 'malware' }]);
    expect(ids(evasion.mitigations)).toEqual(['M1049']);
  });

  it('still resolves a revoked or deprecated id, naming what replaced it', async () => {
    expect(await technique('T1500')).toMatchObject({ revoked: true, revoked_by: 'T1027.004' });
    expect(await technique('T1064')).toMatchObject({ deprecated: true, revoked: false });
  });

  it('answers 404 problem+json for an unknown id or domain, 422 for a malformed one', async () => {
    for (const url of [
      '/api/attack/techniques/T9999',
      '/api/attack/techniques/T1059?domain=ics-attack',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
    }
    expect((await get('/api/attack/techniques/T59')).statusCode).toBe(422);
    expect((await get("/api/attack/techniques/T1059'--")).statusCode).toBe(422);
  });
});

describe('groups', () => {
  it('lists groups with their technique counts and finds them by alias', async () => {
    const res = await get('/api/attack/groups');
    expect(res.statusCode, res.body).toBe(200);
    expect(GroupList.parse(res.json()).items).toEqual([
      {
        external_id: 'G0007',
        name: 'APT28',
        aliases: ['APT28', 'Fancy Bear'],
        technique_count: 2,
        revoked: false,
        deprecated: false,
      },
    ]);
    for (const [q, n] of [
      ['fancy', 1],
      ['g00', 1],
      ['apt', 1],
      ['lazarus', 0],
    ] as const) {
      const found = GroupList.parse((await get(`/api/attack/groups?q=${q}`)).json());
      expect(found.items.length, q).toBe(n);
    }
  });

  it('shows a group with the techniques it uses and its software', async () => {
    const res = await get('/api/attack/groups/G0007');
    expect(res.statusCode, res.body).toBe(200);
    const g = GroupDetail.parse(res.json());
    expect(ids(g.techniques)).toEqual(['T1059.001', 'T1566.001']);
    expect(g.techniques[0]).toMatchObject({ name: 'PowerShell', is_subtechnique: true });
    expect(g.software).toEqual([{ external_id: 'S0023', name: 'CHOPSTICK', kind: 'malware' }]);
    expect(g).toMatchObject({ domain: 'enterprise-attack', technique_count: 2 });
  });

  it('answers 404 for an unknown group and 422 for a malformed id', async () => {
    const res = await get('/api/attack/groups/G9999');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect((await get('/api/attack/groups/APT28')).statusCode).toBe(422);
  });
});

describe('technique details follow the current release', () => {
  it('answers from the new release once it is imported (no stale cached detail)', async () => {
    const before = await technique('T1105');
    expect(before.revoked).toBe(false);
    await importMini(t, 'mini-enterprise-v2.json');
    const after = await technique('T1105');
    expect(after).toMatchObject({ revoked: true, revoked_by: 'T1059' });
    expect(after.release_version).toBe('2.0');
  });
});
