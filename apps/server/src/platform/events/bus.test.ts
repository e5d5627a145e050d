import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { MISSION_EVENTS_CHANNEL } from '../../kernel/changes.js';
import { PgEventBus } from './pg-bus.js';
import { MISSION_CHANNEL, parsePayload, type BusEvent } from './types.js';

const M = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('parsePayload', () => {
  it('reads changes and presence, and ignores anything malformed', () => {
    expect(parsePayload(`{"m":"${M}","s":7}`)).toEqual({ type: 'change', missionId: M, seq: 7 });
    expect(parsePayload(`{"m":"${M}","p":1}`)).toEqual({ type: 'presence', missionId: M });
    for (const bad of [
      '',
      'nope',
      '[]',
      'null',
      '{"m":"x","s":1}',
      `{"m":"${M}","s":-1}`,
      `{"m":"${M}","s":1.5}`,
      `{"m":"${M}"}`,
      `{"m":"${M}","p":2}`,
    ]) {
      expect(parsePayload(bad), bad).toBeNull();
    }
  });
  it('listens on the channel recordChange notifies', () => {
    expect(MISSION_CHANNEL).toBe(MISSION_EVENTS_CHANNEL);
  });
});

describe('EventBus on the app database', () => {
  let t: TestApp;
  const got: BusEvent[] = [];
  let stop: () => void;
  const notify = (payload: string) =>
    t.ctx.db.execute(sql`SELECT pg_notify(${MISSION_CHANNEL}, ${payload})`);
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    stop = t.ctx.events.subscribe((e) => got.push(e));
  });
  afterAll(async () => {
    stop();
    await t.close();
  });

  it('delivers notifications of committed transactions only, and publishes presence', async () => {
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_notify(${MISSION_CHANNEL}, ${`{"m":"${M}","s":1}`})`);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await notify('garbage');
    await t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_notify(${MISSION_CHANNEL}, ${`{"m":"${M}","s":2}`})`);
    });
    await t.ctx.events.publish({ m: M, p: 1 });
    await until(() => got.length >= 2, 'two events');
    expect(got).toEqual([
      { type: 'change', missionId: M, seq: 2 },
      { type: 'presence', missionId: M },
    ]);
  });

  if (!process.env.TEST_DATABASE_URL) {
    console.log('[events] reconnect test skipped: only the PostgreSQL bus holds a connection');
  }
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'reconnects after losing its connection and says so',
    async () => {
      const bus = t.ctx.events;
      if (!(bus instanceof PgEventBus)) throw new Error('expected the PostgreSQL bus');
      const pid = await bus.backendPid();
      expect(pid).toBeTypeOf('number');
      got.length = 0;
      await t.database.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(() => got.some((e) => e.type === 'reconnected'), 'reconnected');
      await notify(`{"m":"${M}","s":3}`);
      await until(() => got.some((e) => e.type === 'change'), 'a change after reconnecting');
      expect(await bus.backendPid()).not.toBe(pid);
    },
  );
});
