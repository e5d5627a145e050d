import { ErrorBody, MissionTestDetail } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { executionFixture, type ExecutionFixture } from './test-execution.js';

// The original system's state machine, written out by hand as the spec (not imported from
// the code under test).
const STATES = ['pending', 'executed', 'reviewed_by_blue', 'skipped', 'blocked'] as const;
type State = (typeof STATES)[number];
const VALID: Record<State, State[]> = {
  pending: ['executed', 'skipped', 'blocked'],
  executed: ['reviewed_by_blue', 'pending'],
  reviewed_by_blue: ['executed'],
  skipped: ['pending'],
  blocked: ['pending'],
};
const SIDE: Record<string, 'red' | 'blue' | 'any'> = {
  'pending>executed': 'red',
  'pending>skipped': 'any',
  'pending>blocked': 'any',
  'executed>reviewed_by_blue': 'blue',
  'executed>pending': 'red',
  'reviewed_by_blue>executed': 'blue',
  'skipped>pending': 'any',
  'blocked>pending': 'any',
};
const IDEMPOTENT: Record<State, 'red' | 'blue' | 'any'> = {
  executed: 'red',
  reviewed_by_blue: 'blue',
  pending: 'any',
  skipped: 'any',
  blocked: 'any',
};
const PATH: Record<State, State[]> = {
  pending: [],
  executed: ['executed'],
  reviewed_by_blue: ['executed', 'reviewed_by_blue'],
  skipped: ['skipped'],
  blocked: ['blocked'],
};
const ACTORS = {
  red: { red: true, blue: false },
  blue: { red: false, blue: true },
  purple: { red: true, blue: true },
  viewer: { red: false, blue: false },
  admin: { red: true, blue: true },
} as const;

function expected(from: State, to: State, held: { red: boolean; blue: boolean }): number {
  const side =
    from === to ? IDEMPOTENT[to] : VALID[from].includes(to) ? SIDE[`${from}>${to}`] : null;
  const holds = (s: 'red' | 'blue' | 'any') => (s === 'any' ? held.red || held.blue : held[s]);
  if (side == null) return holds('any') ? 409 : 403;
  return holds(side) ? 200 : 403;
}

describe('test transitions: every (from, target, rights) combination', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
  });
  afterAll(() => t.close());

  const move = (who: keyof typeof ACTORS | 'lead', testId: string, state: string, extra = {}) =>
    f.req(who, 'POST', f.url(`/tests/${testId}/transition`), { state, ...extra });

  async function testIn(state: State): Promise<string> {
    const id = await f.newTest();
    for (const s of PATH[state]) expect((await move('admin', id, s)).statusCode).toBe(200);
    return id;
  }

  it('answers 200 / 403 / 409 as the machine and the side maps say, and changes nothing else', async () => {
    const seen: string[] = [];
    // A test left in its state (refused, or same-state) serves the next combination.
    const spare = new Map<State, string>();
    for (const from of STATES) {
      for (const to of STATES) {
        for (const [actor, held] of Object.entries(ACTORS) as Array<
          [keyof typeof ACTORS, (typeof ACTORS)[keyof typeof ACTORS]]
        >) {
          const id = spare.get(from) ?? (await testIn(from));
          spare.delete(from);
          const before = await f.detail(id);
          const res = await move(actor, id, to);
          const want = expected(from, to, held);
          seen.push(`${from}>${to} ${actor} ${res.statusCode}`);
          expect(res.statusCode, `${from} → ${to} as ${actor}: ${res.body}`).toBe(want);
          const after = await f.detail(id);
          if (want === 200) {
            expect(MissionTestDetail.parse(res.json()).state).toBe(to);
            expect(after.version).toBe(from === to ? before.version : before.version + 1);
            if (from === to) spare.set(from, id);
          } else {
            const err = ErrorBody.parse(res.json());
            expect(err.code).toBe(want === 403 ? 'forbidden' : 'invalid_transition');
            if (want === 409) expect(err.detail).toContain(`from ${from} to ${to}`);
            expect(after).toEqual(before);
            spare.set(from, id);
          }
        }
      }
    }
    expect(seen).toHaveLength(STATES.length * STATES.length * Object.keys(ACTORS).length);
  }, 120_000);

  it('stamps executed_at entering executed from pending only; undoing a review keeps it', async () => {
    const id = await f.newTest();
    const t1 = t.clock.advance(60_000).toISOString();
    let d = MissionTestDetail.parse((await move('red', id, 'executed')).json());
    expect(d).toMatchObject({ executed_at: t1, executed_at_overridden: false });
    t.clock.advance(60_000);
    d = MissionTestDetail.parse((await move('blue', id, 'reviewed_by_blue')).json());
    expect(d.executed_at).toBe(t1);
    t.clock.advance(60_000);
    d = MissionTestDetail.parse((await move('blue', id, 'executed')).json());
    expect(d).toMatchObject({ state: 'executed', executed_at: t1 });
    // An overridden time survives the review round trip, and is cleared back at pending.
    const put = await f.req('red', 'PUT', f.url(`/tests/${id}`), {
      executed_at: '2026-11-29T09:30:00+01:00',
      executed_at_overridden: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      executed_at: '2026-11-29T08:30:00.000Z',
      executed_at_overridden: true,
    });
    expect((await move('blue', id, 'reviewed_by_blue')).statusCode).toBe(200);
    d = MissionTestDetail.parse((await move('blue', id, 'executed')).json());
    expect(d).toMatchObject({
      executed_at: '2026-11-29T08:30:00.000Z',
      executed_at_overridden: true,
    });
    d = MissionTestDetail.parse((await move('red', id, 'pending')).json());
    expect(d).toMatchObject({ executed_at: null, executed_at_overridden: false });
    const t4 = t.clock.advance(60_000).toISOString();
    d = MissionTestDetail.parse((await move('red', id, 'executed')).json());
    expect(d).toMatchObject({ executed_at: t4, executed_at_overridden: false });
  });

  it('keeps the reason of skipped and blocked, clears it back at pending, never wipes the attack window', async () => {
    const id = await f.newTest();
    const window = {
      attack_started_at: '2026-11-29T08:00:00.000Z',
      attack_ended_at: '2026-11-29T08:05:00.000Z',
    };
    expect((await f.req('red', 'PUT', f.url(`/tests/${id}`), window)).statusCode).toBe(200);
    let d = MissionTestDetail.parse(
      (await move('blue', id, 'blocked', { reason: '  EDR quarantined the payload  ' })).json(),
    );
    expect(d).toMatchObject({
      state: 'blocked',
      state_reason: 'EDR quarantined the payload',
      ...window,
    });
    d = MissionTestDetail.parse((await move('red', id, 'pending')).json());
    expect(d).toMatchObject({ state: 'pending', state_reason: null, ...window });
    d = MissionTestDetail.parse(
      (await move('red', id, 'skipped', { reason: 'out of scope' })).json(),
    );
    expect(d.state_reason).toBe('out of scope');
    for (const s of ['pending', 'executed']) {
      expect((await move('red', id, s)).statusCode).toBe(200);
    }
    d = MissionTestDetail.parse((await move('red', id, 'pending')).json());
    expect(d).toMatchObject({ executed_at: null, ...window });
  });

  it('refuses an unknown state with 422 (403 for a member without a side), nothing changed', async () => {
    const id = await f.newTest();
    const before = await f.detail(id);
    const bad = await move('red', id, 'exploded');
    expect(bad.statusCode).toBe(422);
    expect(ErrorBody.parse(bad.json()).detail).toContain('pending, executed');
    expect((await move('viewer', id, 'exploded')).statusCode).toBe(403);
    expect((await f.req('red', 'POST', f.url(`/tests/${id}/transition`), {})).statusCode).toBe(422);
    expect(await f.detail(id)).toEqual(before);
  });

  it('audits each transition with the state before and after', async () => {
    const id = await f.newTest();
    expect((await move('red', id, 'executed')).statusCode).toBe(200);
    const audit = await f.req(
      'admin',
      'GET',
      `/api/audit?action=test.transitioned&target_id=${id}`,
    );
    expect(audit.statusCode, audit.body).toBe(200);
    const items = (audit.json() as { items: Array<{ before: unknown; after: unknown }> }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      before: { state: 'pending', executed_at: null },
      after: { state: 'executed' },
    });
  });
});
