import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { attackReleases, attackTechniques } from '../../db/schema/index.js';
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
});
