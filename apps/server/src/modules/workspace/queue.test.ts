import { MyQueue, type QueueSectionKey } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missionTests } from '../../db/schema/index.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { workspaceKit } from './test-workspace.js';

describe('GET /api/me/queue', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let k: ReturnType<typeof workspaceKit>;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-12-08T09:00:00.000Z');
    f = await executionFixture(t, { visibility: 'blind' });
    k = workspaceKit(f);
  });
  afterAll(() => t.close());

  const queue = async (who: Parameters<ExecutionFixture['req']>[0]) => {
    const res = await f.req(who, 'GET', '/api/me/queue');
    expect(res.statusCode, res.body).toBe(200);
    return MyQueue.parse(res.json());
  };
  const section = (q: MyQueue, key: QueueSectionKey) => {
    const s = q.sections.find((x) => x.key === key);
    if (!s) throw new Error(`no section ${key} in ${q.sections.map((x) => x.key).join(', ')}`);
    return s;
  };
  const ids = (q: MyQueue, key: QueueSectionKey) => section(q, key).items.map((i) => i.test_id);

  it('fills red, blue and lead sections as the day goes, hidden tests never for blue', async () => {
    const [today, overdue, later, unassigned, hidden] = await k.tests(5);
    // Blind mission: every test starts hidden from blue; reveal all but one.
    await k.ok('red', { test_ids: [today, overdue, later, unassigned], action: 'reveal' });
    await k.ok('lead', {
      test_ids: [today, overdue, later, hidden],
      action: 'assign',
      assignee_id: f.users.red.id,
    });
    await k.ok('lead', {
      test_ids: [today, hidden],
      action: 'set_planned_day',
      planned_day: '2026-12-08',
    });
    await k.ok('lead', {
      test_ids: [overdue],
      action: 'set_planned_day',
      planned_day: '2026-12-01',
    });
    await k.ok('lead', {
      test_ids: [later, unassigned],
      action: 'set_planned_day',
      planned_day: '2026-12-09',
    });

    const red = await queue('red');
    expect(red.today).toBe('2026-12-08');
    expect(red.sections.map((s) => s.key)).toEqual(['red_due']);
    // Oldest day first, then in the plan's order.
    expect(ids(red, 'red_due')).toEqual([overdue, today, hidden]);
    expect(section(red, 'red_due').total).toBe(3);
    expect(section(red, 'red_due').items[0]).toMatchObject({
      mission_id: f.missionId,
      mission_name: 'Execution',
      state: 'pending',
      planned_on: '2026-12-01',
      assignee_id: f.users.red.id,
    });

    const lead = await queue('lead');
    // The lead role holds both sides too.
    expect(lead.sections.map((s) => s.key)).toEqual([
      'red_due',
      'blue_review',
      'lead_blocked',
      'lead_overdue',
      'lead_overridden',
    ]);
    expect(ids(lead, 'lead_overdue')).toEqual([overdue]);

    // Red executes: blue's queue fills, oldest first, with the time waited; not the hidden one.
    for (const id of [today, hidden]) {
      const res = await f.req('red', 'POST', f.url(`/tests/${id}/transition`), {
        state: 'executed',
      });
      expect(res.statusCode, res.body).toBe(200);
      t.clock.advance(60_000);
    }
    t.clock.advance(60_000);
    const blue = await queue('blue');
    expect(blue.sections.map((s) => s.key)).toEqual(['blue_review']);
    expect(ids(blue, 'blue_review')).toEqual([today]);
    expect(section(blue, 'blue_review').items[0]?.waiting_seconds).toBe(180);
    // Purple sees the hidden test, and holds both sides.
    const purple = await queue('purple');
    expect(purple.sections.map((s) => s.key)).toEqual(['red_due', 'blue_review']);
    expect(ids(purple, 'blue_review')).toEqual([today, hidden]);
    expect(section(purple, 'red_due').total).toBe(0);

    // Blocked, and reviewed with an override: the lead's sections.
    await k.ok('blue', { test_ids: [overdue], action: 'block', reason: 'host down' });
    await t.ctx.db
      .update(missionTests)
      .set({ state: 'reviewed_by_blue', outcomeOverrideReason: 'analyst saw it live' })
      .where(eq(missionTests.id, today!));
    const lead2 = await queue('lead');
    expect(ids(lead2, 'lead_blocked')).toEqual([overdue]);
    expect(section(lead2, 'lead_blocked').items[0]?.state_reason).toBe('host down');
    expect(ids(lead2, 'lead_overdue')).toEqual([]);
    expect(ids(lead2, 'lead_overridden')).toEqual([today]);
    expect(ids(await queue('red'), 'red_due')).toEqual([]);

    // Viewers and outsiders have nothing queued; anonymous callers are refused.
    expect((await queue('viewer')).sections).toEqual([]);
    expect((await queue('outsider')).sections).toEqual([]);
    expect((await f.req('anonymous', 'GET', '/api/me/queue')).statusCode).toBe(401);
  });

  it('caps each section at 50 items and says the total', async () => {
    const many = await k.tests(53);
    await k.ok('lead', { test_ids: many, action: 'reveal' });
    await k.ok('lead', { test_ids: many, action: 'set_planned_day', planned_day: '2026-12-02' });
    const s = section(await queue('lead'), 'lead_overdue');
    expect(s.total).toBe(53);
    expect(s.limit).toBe(50);
    expect(s.items).toHaveLength(50);
  });
});
