import { Activity, MissionTestDetail } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from './test-execution.js';

describe('activity feed: since / after_seq, never repeated or missed', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
  });
  afterAll(() => t.close());
  const activity = async (qs: string, who: Parameters<ExecutionFixture['req']>[0] = 'viewer') => {
    const res = await f.req(who, 'GET', f.url(`/activity${qs}`));
    expect(res.statusCode, res.body).toBe(200);
    return Activity.parse(res.json());
  };
  const comment = (id: string, text: string, who: 'red' | 'purple' = 'red') =>
    f.req(who, 'PUT', f.url(`/tests/${id}`), { red_comment_md: text });

  it('lists tests changed after a time, freshest first, with the last actor (URL-encoded offsets work)', async () => {
    const a = await f.newTest('Act A');
    const b = await f.newTest('Act B');
    t.clock.advance(1000);
    const mark = t.clock.now();
    t.clock.advance(1000);
    await comment(a, 'one');
    t.clock.advance(1000);
    await comment(b, 'two', 'purple');
    // The same instant written with a +02:00 offset, URL-encoded.
    const local = new Date(mark.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const res = await activity(`?since=${encodeURIComponent(local)}`);
    expect(res.items.map((i) => i.test_id)).toEqual([b, a]);
    expect(res.items[0]).toMatchObject({
      snapshot_name: 'Act B',
      last_actor_email: f.users.purple.email,
    });
    expect(res.items[1]?.last_actor_id).toBe(f.users.red.id);
    const none = await activity(`?since=${encodeURIComponent(t.clock.now().toISOString())}`);
    expect(none.items).toEqual([]);
    // A raw "+" in a query string decodes to a space: refused clearly, not misread.
    expect((await f.req('viewer', 'GET', f.url(`/activity?since=${local}`))).statusCode).toBe(422);
  });

  it('pages by change sequence without repeating or skipping a change', async () => {
    const ids = [await f.newTest('Seq 1'), await f.newTest('Seq 2'), await f.newTest('Seq 3')];
    const start = (await activity('?limit=1')).last_seq;
    const expected: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        await comment(id, `round ${round}`);
        expected.push(id);
      }
    }
    // Only the latest change of each test remains to be seen: 3 tests, seen in change order.
    const seen: number[] = [];
    const order: string[] = [];
    let cursor = start;
    for (let guard = 0; guard < 10; guard++) {
      const page = await activity(`?after_seq=${cursor}&limit=2`);
      seen.push(...page.items.map((i) => i.change_seq));
      order.push(...[...page.items].reverse().map((i) => i.test_id));
      expect([...page.items].map((i) => i.change_seq)).toEqual(
        [...page.items].map((i) => i.change_seq).sort((x, y) => y - x),
      );
      cursor = page.last_seq;
      if (!page.has_more) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(order).toEqual(ids);
    expect(cursor).toBe(start + 9);
    expect((await activity(`?after_seq=${cursor}`)).items).toEqual([]);
  });

  it('leaves soft-deleted tests out and bounds the page size', async () => {
    const id = await f.newTest('Doomed');
    await comment(id, 'x');
    expect((await activity('?limit=500')).items.some((i) => i.test_id === id)).toBe(true);
    expect((await f.req('lead', 'DELETE', f.url(`/tests/${id}`))).statusCode).toBe(204);
    expect((await activity('?limit=500')).items.some((i) => i.test_id === id)).toBe(false);
    expect((await f.req('viewer', 'GET', f.url('/activity?limit=501'))).statusCode).toBe(422);
    expect((await f.req('viewer', 'GET', f.url('/activity?limit=0'))).statusCode).toBe(422);
    expect(
      (await f.req('viewer', 'GET', f.url('/activity?after_seq=1&since=2026-01-01T00:00:00Z')))
        .statusCode,
    ).toBe(422);
    expect((await activity('')).items.length).toBeLessThanOrEqual(200);
  });
});

describe('blind missions and non-members: 404, never a leak', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let hidden: string;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t, { visibility: 'blind' });
    hidden = await f.newTest('Hidden');
  });
  afterAll(() => t.close());

  const routes = (id: string) =>
    [
      ['GET', f.url(`/tests/${id}`), undefined],
      ['PUT', f.url(`/tests/${id}`), { blue_comment_md: 'x' }],
      ['POST', f.url(`/tests/${id}/transition`), { state: 'skipped' }],
      ['POST', f.url(`/tests/${id}/reveal`), undefined],
    ] as const;

  it('hides hidden tests from blue-only members everywhere, until red reveals them (audited)', async () => {
    for (const [method, url, body] of routes(hidden)) {
      const res = await f.req('blue', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    await f.req('red', 'PUT', f.url(`/tests/${hidden}`), { red_comment_md: 'did it' });
    const blueFeed = Activity.parse((await f.req('blue', 'GET', f.url('/activity'))).json());
    expect(blueFeed.items.some((i) => i.test_id === hidden)).toBe(false);
    const redFeed = Activity.parse((await f.req('red', 'GET', f.url('/activity'))).json());
    expect(redFeed.items.some((i) => i.test_id === hidden)).toBe(true);
    expect((await f.req('blue', 'POST', f.url('/reveal'))).statusCode).toBe(403);
    const reveal = await f.req('red', 'POST', f.url(`/tests/${hidden}/reveal`));
    expect(reveal.json()).toEqual({ revealed: 1 });
    const d = MissionTestDetail.parse(
      (await f.req('blue', 'GET', f.url(`/tests/${hidden}`))).json(),
    );
    expect(d.hidden_from_blue).toBe(false);
    const after = Activity.parse(
      (await f.req('blue', 'GET', f.url(`/activity?after_seq=${blueFeed.last_seq}`))).json(),
    );
    expect(after.items.map((i) => i.test_id)).toContain(hidden);
    const audit = await f.req(
      'admin',
      'GET',
      `/api/audit?action=test.revealed&mission_id=${f.missionId}`,
    );
    expect((audit.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('reveals every hidden test at once', async () => {
    const a = await f.newTest('Hidden A');
    const b = await f.newTest('Hidden B');
    expect((await f.req('blue', 'GET', f.url(`/tests/${a}`))).statusCode).toBe(404);
    const res = await f.req('lead', 'POST', f.url('/reveal'));
    // The two, and the mission's seed test (planned hidden too, as the mission is blind).
    expect(res.json()).toEqual({ revealed: 3 });
    for (const id of [a, b])
      expect((await f.req('blue', 'GET', f.url(`/tests/${id}`))).statusCode).toBe(200);
    expect((await f.req('lead', 'POST', f.url('/reveal'))).json()).toEqual({ revealed: 0 });
  });

  it('answers 404 to non-members and 401 to anonymous on every execution route', async () => {
    const id = await f.newTest('Swept');
    const all = [
      ...routes(id),
      ['GET', f.url('/activity'), undefined],
      ['POST', f.url('/reveal'), undefined],
    ] as const;
    for (const [method, url, body] of all) {
      expect((await f.req('outsider', method, url, body)).statusCode, `${method} ${url}`).toBe(404);
      expect((await f.req('anonymous', method, url, body)).statusCode, `${method} ${url}`).toBe(
        401,
      );
    }
    // Another mission's test through this mission's URL, and a malformed id: the same 404.
    expect(
      (await f.req('admin', 'GET', f.url('/tests/00000000-0000-4000-8000-000000000000')))
        .statusCode,
    ).toBe(404);
    expect((await f.req('admin', 'GET', f.url('/tests/nope'))).statusCode).toBe(404);
  });
});
