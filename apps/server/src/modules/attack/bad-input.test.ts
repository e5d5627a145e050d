import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  attackRelationships,
  attackReleases,
  attackTactics,
  attackTechniques,
} from '../../db/schema/index.js';
import { fixture, importResult, uploadAndRun } from './test-helpers.js';

type Bundle = { type: string; objects: Array<Record<string, unknown>> };
const mini = (): Bundle => JSON.parse(fixture('mini-enterprise.json').toString()) as Bundle;
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const edit = (fn: (b: Bundle) => void): Buffer => {
  const b = mini();
  fn(b);
  return json(b);
};
const firstOf = (b: Bundle, type: string) =>
  b.objects.find((o) => o.type === type) as Record<string, unknown>;

const CASES: Array<[string, Buffer, RegExp]> = [
  ['not JSON', Buffer.from('this is { not json'), /not valid JSON/],
  ['truncated JSON', fixture('mini-enterprise.json').subarray(0, 5000), /not valid JSON/],
  ['empty file', Buffer.alloc(0), /not valid JSON/],
  ['a JSON array', json([1, 2]), /not a STIX bundle/],
  ['not a bundle', json({ type: 'report', objects: [] }), /not a STIX bundle \(type "report"\)/],
  ['a bundle without objects', json({ type: 'bundle', id: 'bundle--1' }), /no "objects"/],
  [
    'a bundle of another kind',
    json({
      type: 'bundle',
      objects: [
        {
          type: 'indicator',
          id: 'indicator--6f0e2c5a-6a7e-4d8a-9a55-0d0f7ab1c001',
          pattern: "[x:y = 'z']",
        },
      ],
    }),
    /no ATT&CK techniques/,
  ],
  ['an object without id', edit((b) => delete firstOf(b, 'attack-pattern').id), /has no id/],
  [
    'a technique without external id',
    edit((b) => (firstOf(b, 'attack-pattern').external_references = [])),
    /no ATT&CK external id/,
  ],
  [
    'a dangling relationship',
    edit(
      (b) =>
        (firstOf(b, 'relationship').target_ref =
          'attack-pattern--00000000-0000-4000-8000-000000000000'),
    ),
    /refers to a missing object attack-pattern--00000000/,
  ],
  [
    'a duplicated id',
    edit((b) => b.objects.push({ ...firstOf(b, 'attack-pattern') })),
    /duplicated id attack-pattern--/,
  ],
  [
    'a huge string',
    edit((b) => (firstOf(b, 'attack-pattern').description = 'x'.repeat(1024 * 1024 + 10))),
    /string longer than 1048576/,
  ],
];

describe('ATT&CK import: bad input fails the job and keeps the catalog', () => {
  let t: TestApp;
  let admin: Headers;
  let snapshot: unknown;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    snapshot = await state();
  });
  afterAll(() => t.close());

  async function state() {
    return {
      techniques: await t.ctx.db
        .select()
        .from(attackTechniques)
        .orderBy(asc(attackTechniques.stixId)),
      releases: await t.ctx.db.select().from(attackReleases).orderBy(asc(attackReleases.id)),
      tactics: await t.ctx.db.select().from(attackTactics).orderBy(asc(attackTactics.stixId)),
      relationships: await t.ctx.db
        .select()
        .from(attackRelationships)
        .orderBy(asc(attackRelationships.stixId)),
    };
  }

  it.each(CASES)('%s', async (_name, content, message) => {
    const job = await uploadAndRun(t, admin, content);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(message);
    expect(await state()).toEqual(snapshot);
  });

  it('a malformed field in a newer release', async () => {
    const bad = edit((b) => {
      (firstOf(b, 'x-mitre-collection') as Record<string, unknown>).x_mitre_version = '9.0';
      const t1 = b.objects.find(
        (o) => o.type === 'attack-pattern' && o.name === 'Phishing',
      ) as Record<string, unknown>;
      t1.name = 'x'.repeat(10);
      t1.modified = 'not a date';
    });
    const job = await uploadAndRun(t, admin, bad);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/not a timestamp/);
    expect(await state()).toEqual(snapshot);
  });

  it('a database failure late in the write transaction rolls the whole release back', async () => {
    // The per-release technique snapshot is written after the catalog rows are updated in
    // place; a trigger makes that last step fail, as a full disk or a lost connection would.
    await t.ctx.db.execute(
      sql.raw(`create function metamorph_test_fail() returns trigger language plpgsql as $$
        begin raise exception 'simulated storage failure'; end $$`),
    );
    await t.ctx.db.execute(
      sql.raw(`create trigger metamorph_test_fail before insert on attack_release_techniques
        for each row execute function metamorph_test_fail()`),
    );
    try {
      const job = await uploadAndRun(t, admin, fixture('mini-enterprise-v2.json'));
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/^Database error: simulated storage failure/);
      expect(job.error).not.toMatch(/insert into/i); // no SQL or parameters leak
      expect(await state()).toEqual(snapshot);
    } finally {
      await t.ctx.db.execute(
        sql.raw('drop trigger metamorph_test_fail on attack_release_techniques'),
      );
      await t.ctx.db.execute(sql.raw('drop function metamorph_test_fail()'));
    }
    // With the failure gone, the same bundle imports.
    const job = await uploadAndRun(t, admin, fixture('mini-enterprise-v2.json'));
    expect(importResult(job).release.version).toBe('2.0');
  });
});
