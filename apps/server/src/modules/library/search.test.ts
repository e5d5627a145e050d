import { TestTemplatePage } from '@metamorph/contract';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { fixture, importResult, uploadAndRun } from '../attack/test-helpers.js';
import { createTemplate } from './test-library.js';

describe('library: search, filters, facets, paging', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    importResult(await uploadAndRun(t, admin, fixture('mini-enterprise.json')));
    const specs: Array<[string, string[], string[], string[]]> = [
      // name, attack ids, platforms, tags
      ['Alpha PowerShell', ['T1059.001'], ['Windows'], ['powershell']],
      ['Bravo interpreter', ['T1059'], ['Linux', 'macOS'], ['shell']],
      ['Charlie phishing', ['T1566.001'], ['Windows'], ['email', 'powershell']],
      ['Delta tactic only', ['TA0002'], ['Windows'], []],
      ['Echo revoked', ['T1500'], ['Linux'], ['legacy']],
      ['Foxtrot future', ['T1999'], ['Windows'], ['legacy']],
    ];
    for (const [name, attack_ids, platforms, tags] of specs) {
      await createTemplate(t, admin, { name, attack_ids, platforms, tags, description: null });
    }
  });
  afterAll(() => t.close());

  const search = async (qs: string) => {
    const res = await t.app.inject({ url: `/api/library/tests?${qs}`, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return TestTemplatePage.parse(res.json());
  };
  const names = async (qs: string) => (await search(qs)).items.map((i) => i.name);

  it('lists everything in name order with a total', async () => {
    const page = await search('');
    expect(page.total).toBe(6);
    expect(page.items.map((i) => i.name)).toEqual([
      'Alpha PowerShell',
      'Bravo interpreter',
      'Charlie phishing',
      'Delta tactic only',
      'Echo revoked',
      'Foxtrot future',
    ]);
  });

  it('finds by technique: a parent matches its sub-techniques, a sub-technique only itself', async () => {
    expect(await names('technique=T1059')).toEqual(['Alpha PowerShell', 'Bravo interpreter']);
    expect(await names('technique=T1059.001')).toEqual(['Alpha PowerShell']);
    expect(await names('technique=T1566,T1500')).toEqual(['Charlie phishing', 'Echo revoked']);
  });

  it('finds by tactic through tactic tags and the techniques in it', async () => {
    const expected = ['Alpha PowerShell', 'Bravo interpreter', 'Delta tactic only'];
    expect(await names('tactic=execution')).toEqual(expected);
    expect(await names('tactic=TA0002')).toEqual(expected);
    expect(await names('tactic=Execution')).toEqual(expected);
    expect(await names('tactic=no-such-tactic')).toEqual([]);
  });

  it('filters by text, platform, tag, source and flag', async () => {
    expect(await names('q=PHISH')).toEqual(['Charlie phishing']);
    expect(await names('q=100%25')).toEqual([]);
    expect(await names('platform=linux')).toEqual(['Bravo interpreter', 'Echo revoked']);
    expect(await names('tag=powershell&platform=Windows')).toEqual([
      'Alpha PowerShell',
      'Charlie phishing',
    ]);
    expect(await names('source=atomic-red-team')).toEqual([]);
    expect(await names('flagged=true')).toEqual(['Echo revoked', 'Foxtrot future']);
    expect((await search('flagged=false')).total).toBe(4);
  });

  it('counts facets over the matching templates', async () => {
    const { facets } = await search('');
    expect(facets.platforms).toEqual([
      { value: 'Windows', count: 4 },
      { value: 'Linux', count: 2 },
      { value: 'macOS', count: 1 },
    ]);
    expect(facets.tags).toEqual([
      { value: 'legacy', count: 2 },
      { value: 'powershell', count: 2 },
      { value: 'email', count: 1 },
      { value: 'shell', count: 1 },
    ]);
    expect(facets.sources).toEqual([{ value: 'manual', count: 6 }]);
    // Matrix order: initial-access, execution, defense-evasion (T1500 is revoked, its
    // tactics still count: the tag is there until someone remaps it).
    expect(facets.tactics).toEqual([
      { value: 'initial-access', count: 1 },
      { value: 'execution', count: 3 },
      { value: 'defense-evasion', count: 1 },
    ]);
    expect(facets.flagged).toBe(2);
    // A facet ignores its own filter (to switch values) but follows the others.
    const narrowed = await search('platform=Linux');
    expect(narrowed.facets.platforms).toEqual(facets.platforms);
    expect(narrowed.facets.tags).toEqual([
      { value: 'legacy', count: 1 },
      { value: 'shell', count: 1 },
    ]);
    expect(narrowed.facets.flagged).toBe(1);
  });

  it('pages with a cursor without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TestTemplatePage = await search(
        `limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual((await search('')).items.map((i) => i.name));
  });

  it('answers 422 for a bad technique id, cursor, source or limit', async () => {
    for (const qs of [
      'technique=T59',
      'cursor=nope',
      'source=elsewhere',
      'limit=0',
      'flagged=yes',
    ]) {
      const res = await t.app.inject({ url: `/api/library/tests?${qs}`, headers: admin });
      expect(res.statusCode, qs).toBe(422);
    }
  });

  it('answers repeated searches from a cache that every change invalidates, in any process', async () => {
    expect(await names('q=zulu')).toEqual([]);
    const created = await createTemplate(t, admin, { name: 'Zulu new', attack_ids: ['T1059'] });
    expect(await names('q=zulu')).toEqual(['Zulu new']);
    // A write from elsewhere (another server process, the CLI) bumps the revision too.
    await t.ctx.db.execute(
      sql`update library_tests set name = 'Zulu renamed elsewhere' where id = ${created.id}`,
    );
    expect(await names('q=zulu')).toEqual(['Zulu renamed elsewhere']);
    expect(await names('technique=T1059&q=zulu')).toEqual(['Zulu renamed elsewhere']);
    await t.ctx.db.execute(sql`delete from library_test_attack where test_id = ${created.id}`);
    expect(await names('technique=T1059&q=zulu')).toEqual([]);
  });
});
