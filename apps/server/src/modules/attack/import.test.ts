import { createHash } from 'node:crypto';
import { AttackReleaseList } from '@metamorph/contract';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  attackRelationships,
  attackTactics,
  attackTechniques,
  auditEvents,
} from '../../db/schema/index.js';
import { fixture, importResult, uploadAndRun } from './test-helpers.js';

describe('ATT&CK import (fixtures)', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  const techniques = () =>
    t.ctx.db
      .select()
      .from(attackTechniques)
      .where(eq(attackTechniques.domain, 'enterprise-attack'))
      .orderBy(asc(attackTechniques.externalId));
  const releases = async () =>
    AttackReleaseList.parse(
      (await t.app.inject({ url: '/api/attack/releases', headers: admin })).json(),
    ).items;

  it('imports the mini fixture uploaded through the API', async () => {
    const job = await uploadAndRun(t, admin, fixture('mini-enterprise.json'));
    const { release, changed } = importResult(job);
    expect(changed).toBe(true);
    // The uploaded bundle was only the job's input: it is gone from the blob store.
    const sha = createHash('sha256').update(fixture('mini-enterprise.json')).digest('hex');
    expect(await t.blobs.has(sha)).toBe(false);
    expect(release).toMatchObject({
      domain: 'enterprise-attack',
      version: '1.0',
      spec_version: '2.1',
      current: true,
      source: 'upload:bundle.json',
    });
    expect(release.counts).toMatchObject({
      tactics: 3,
      techniques: 5,
      subtechniques: 3,
      revoked: 1,
      deprecated: 1,
      groups: 1,
      software: 1,
      mitigations: 2,
      relationships: 6,
    });
    const tactics = await t.ctx.db
      .select()
      .from(attackTactics)
      .orderBy(asc(attackTactics.matrixOrder));
    expect(tactics.map((x) => x.shortname)).toEqual([
      'initial-access',
      'execution',
      'defense-evasion',
    ]);
    const byId = new Map((await techniques()).map((x) => [x.externalId, x]));
    expect(byId.get('T1566.001')).toMatchObject({
      isSubtechnique: true,
      parentExternalId: 'T1566',
      tactics: ['initial-access'],
    });
    expect(byId.get('T1500')).toMatchObject({ revoked: true, revokedByExternalId: 'T1027.004' });
    expect(byId.get('T1064')).toMatchObject({ deprecated: true, revoked: false });
    expect(byId.get('T1059.001')?.platforms).toEqual(['Windows']);
    expect(byId.get('T1059')?.detection).toContain('Monitor');
    const rels = await t.ctx.db.select().from(attackRelationships);
    expect(rels.map((r) => r.type).sort()).toEqual([
      'mitigates',
      'mitigates',
      'uses',
      'uses',
      'uses',
      'uses',
    ]);
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attack.release_imported'));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorEmail).toBe('root@metamorph.test');
    const started = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'attack.sync_started'));
    expect(started).toHaveLength(1);
    expect(job.progress.message).toContain('imported release 1.0');
  });

  it('re-importing the same bundle changes nothing', async () => {
    const before = await techniques();
    const job = await uploadAndRun(t, admin, fixture('mini-enterprise.json'));
    expect(importResult(job).changed).toBe(false);
    expect(await techniques()).toEqual(before);
    expect(await releases()).toHaveLength(1);
  });

  it('a newer release updates the catalog in place, keeping row ids', async () => {
    const before = new Map((await techniques()).map((x) => [x.externalId, x.id]));
    const { release, changed } = importResult(
      await uploadAndRun(t, admin, fixture('mini-enterprise-v2.json')),
    );
    expect(changed).toBe(true);
    expect(release).toMatchObject({ version: '2.0', current: true });
    const after = await techniques();
    for (const row of after)
      if (before.has(row.externalId)) expect(row.id).toBe(before.get(row.externalId));
    const byId = new Map(after.map((x) => [x.externalId, x]));
    expect(byId.get('T1566.002')).toMatchObject({
      parentExternalId: 'T1566',
      inCurrentRelease: true,
    });
    expect(byId.get('T1566.001')?.name).toBe('Spearphishing Attachment File');
    expect(byId.get('T1027')?.tactics).toEqual(['defense-evasion', 'execution']);
    expect(byId.get('T1204')?.deprecated).toBe(true);
    expect(byId.get('T1105')).toMatchObject({ revoked: true, revokedByExternalId: 'T1059' });
    const list = await releases();
    expect(list.map((r) => [r.version, r.current])).toEqual([
      ['2.0', true],
      ['1.0', false],
    ]);
  });

  it('an older release is listed but does not change the current catalog', async () => {
    const before = await techniques();
    const { release, changed } = importResult(
      await uploadAndRun(t, admin, fixture('mini-enterprise-stix20.json')),
    );
    expect(changed).toBe(true);
    expect(release).toMatchObject({
      spec_version: '2.0',
      version: 'modified-2024-10-01',
      current: false,
    });
    expect(await techniques()).toEqual(before);
    const list = await releases();
    expect(list.filter((r) => r.current).map((r) => r.version)).toEqual(['2.0']);
    expect(release.counts).toMatchObject({
      techniques: 5,
      subtechniques: 3,
      revoked: 1,
      deprecated: 1,
    });
  });
});
