import { ThreatProfile, ThreatProfileList } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { threatWorld, type ThreatWorld } from './test-threats.js';

/** Bad profiles and layers: a 422 naming the entry, nothing written, no audit row. */
describe('threat profiles: bad input', () => {
  let t: TestApp;
  let w: ThreatWorld;
  const base = () => `/api/clients/${w.clientId}/threat-profiles`;
  const count = async () =>
    ThreatProfileList.parse((await w.ok('lead', 'GET', base())).json()).items.length;
  const audits = async () =>
    (await w.ok('admin', 'GET', '/api/audit?target_type=threat_profile&limit=100')).json<{
      items: unknown[];
    }>().items.length;

  beforeAll(async () => {
    t = await createTestApp();
    w = await threatWorld(t);
  }, 120_000);
  afterAll(() => t?.close());

  const refused = async (url: string, payload: unknown, ...named: string[]) => {
    const before = [await count(), await audits()];
    const res = await w.req('lead', 'POST', url, payload);
    expect(res.statusCode, res.body).toBe(422);
    for (const n of named) expect(res.body).toContain(n);
    expect([await count(), await audits()]).toEqual(before);
  };

  it('refuses groups absent from the release, revoked or listed twice, naming each', async () => {
    await refused(
      base(),
      { name: 'X', group_ids: ['G0007', 'G9999', 'G0099', 'G0007'] },
      'body.group_ids.1',
      'G9999 is not a group of ATT&CK release 1.1',
      'body.group_ids.2',
      'G0099 is revoked',
      'body.group_ids.3',
    );
    await refused(base(), { name: 'X', software_ids: ['S0001'] }, 'S0001');
    await refused(base(), { name: 'X', campaign_ids: ['C0999'] }, 'C0999');
    await refused(base(), { name: 'X', group_ids: ['APT28'] }, 'body.group_ids.0');
  });

  it('refuses revoked, deprecated and unknown extra techniques, and empty profiles', async () => {
    await refused(
      base(),
      {
        name: 'X',
        extra: [
          { technique_id: 'T1500', weight: 1 },
          { technique_id: 'T1064', weight: 1 },
          { technique_id: 'T9999', weight: 1 },
        ],
      },
      'T1500 is revoked in release 1.1 (use T1027.004)',
      'T1064 is deprecated',
      'T9999 is not a technique',
    );
    await refused(base(), { name: 'X', extra: [{ technique_id: 'T1027', weight: 0 }] }, 'weight');
    await refused(base(), { name: 'X' }, 'at least one');
  });

  it('refuses unknown fields', async () => {
    await refused(base(), { name: 'X', group_ids: ['G0007'], groups: ['G0016'] }, 'groups');
    await refused(
      base(),
      { name: 'X', extra: [{ technique_id: 'T1027', weight: 1, score: 2 }] },
      'score',
    );
  });

  it('imports a layer (score > 0 or listed) and refuses a layer of another domain', async () => {
    const layer = (domain: string, techniques: unknown[]) => ({
      name: 'CTI priorities',
      versions: { layer: '4.5', navigator: '5.1.0', attack: '16' },
      domain,
      techniques,
    });
    await refused(
      `${base()}/import-layer`,
      layer('mobile-attack', [{ techniqueID: 'T1027', score: 1 }]),
      'body.domain',
      'mobile-attack',
    );
    await refused(
      `${base()}/import-layer`,
      layer('enterprise-attack', [{ techniqueID: 'T1500', score: 2 }]),
      'T1500 is revoked',
    );
    const ok = await w.ok(
      'lead',
      'POST',
      `${base()}/import-layer`,
      layer('enterprise-attack', [
        { techniqueID: 'T1027', tactic: 'defense-evasion', score: 4 },
        { techniqueID: 'T1105', tactic: 'execution' },
        { techniqueID: 'T1204', tactic: 'execution', score: 0 },
        { techniqueID: 'T1566.001', tactic: 'initial-access', score: 2, enabled: false },
      ]),
    );
    const p = ThreatProfile.parse(ok.json());
    expect(p).toMatchObject({ name: 'CTI priorities', source: 'layer:CTI priorities' });
    expect(p.techniques.map((x) => [x.technique_id, x.weight])).toEqual([
      ['T1027', 4],
      ['T1105', 1],
    ]);
  });

  it('versions edits with If-Match and refuses a duplicate name', async () => {
    const created = await w.ok('lead', 'POST', base(), { name: 'Edit me', group_ids: ['G0007'] });
    const id = created.json<{ id: string }>().id;
    const url = `${base()}/${id}`;
    const edit = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...w.h.lead, 'if-match': '"1"' },
      payload: { group_ids: ['G0016'] },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.headers.etag).toBe('"2"');
    expect(ThreatProfile.parse(edit.json()).techniques.map((x) => x.technique_id)).toEqual([
      'T1059.001',
      'T1105',
      'T1204',
      'T1566.001',
    ]);
    const stale = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { ...w.h.lead, 'if-match': '"1"' },
      payload: { name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(409);
    const badGroup = await w.req('lead', 'PATCH', url, { group_ids: ['G4242'] });
    expect(badGroup.statusCode).toBe(422);
    const now = ThreatProfile.parse((await w.ok('lead', 'GET', url)).json());
    expect([now.name, now.version, now.group_ids]).toEqual(['Edit me', 2, ['G0016']]);
    const dup = await w.req('lead', 'POST', base(), { name: 'edit ME', group_ids: ['G0007'] });
    expect(dup.statusCode).toBe(409);
    const staleDelete = await t.app.inject({
      method: 'DELETE',
      url,
      headers: { ...w.h.lead, 'if-match': '"1"' },
    });
    expect(staleDelete.statusCode).toBe(409);
    const del = await t.app.inject({
      method: 'DELETE',
      url,
      headers: { ...w.h.lead, 'if-match': '"2"' },
    });
    expect(del.statusCode).toBe(204);
    expect((await w.req('lead', 'GET', url)).statusCode).toBe(404);
    const trail = (await w.ok('admin', 'GET', '/api/audit?target_type=threat_profile&limit=100'))
      .body;
    for (const a of ['created', 'updated', 'deleted'])
      expect(trail).toContain(`threat_profile.${a}`);
  });
});
