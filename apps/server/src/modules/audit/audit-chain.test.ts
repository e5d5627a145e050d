import { AuditVerifyResponse } from '@metamorph/contract';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { runAuditVerify } from '../../cli/audit.js';
import { auditEvents } from '../../db/schema/index.js';
import { appendAudit, verifyAuditChain, type AuditContext } from '../../platform/audit/audit.js';

const WRITERS = 8;
const PER_WRITER = 25;

describe('the audit hash chain', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(async () => t.close());

  /** Runs raw SQL with the append-only trigger switched off, inside one transaction. */
  const tamper = (statement: string, params: unknown[] = []) =>
    t.database.rawTransaction(async (q) => {
      await q('alter table audit_events disable trigger audit_events_no_update');
      await q(statement, params);
      await q('alter table audit_events enable trigger audit_events_no_update');
    });

  const verifyHttp = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return AuditVerifyResponse.parse(res.json());
  };

  const total = async () => (await t.ctx.db.select({ n: count() }).from(auditEvents))[0]?.n ?? 0;

  it(`stays valid under ${WRITERS} concurrent writers`, async () => {
    const start = await total();
    const writer = async (w: number) => {
      const ctx: AuditContext = {
        actor: null,
        ip: `10.0.0.${w}`,
        userAgent: 'bench',
        requestId: `w${w}`,
      };
      for (let i = 0; i < PER_WRITER; i++) {
        await t.ctx.db.transaction(async (tx) => {
          await appendAudit(tx, t.clock, ctx, {
            action: 'settings.updated',
            targetId: null,
            after: { writer: w, i },
          });
        });
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const n = await total();
    expect(n).toBe(start + WRITERS * PER_WRITER);
    const [row] = await t.database.query(
      'select min(seq)::text as min, max(seq)::text as max, count(distinct seq)::text as distinct from audit_events',
    );
    expect(row).toEqual({ min: '1', max: String(n), distinct: String(n) });
    const result = await verifyAuditChain(t.ctx.db, { batch: 37 }); // batches cross borders
    expect(result).toMatchObject({ ok: true, checked: n, broken_at_seq: null, reason: null });
    expect(result.head_seq).toBe(n);
    expect(await verifyHttp()).toEqual(result);
  });

  it('refuses UPDATE and DELETE while the trigger is on', async () => {
    await expect(
      t.database.query('update audit_events set ip = null where seq = 1'),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_events where seq = 1')).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects a row whose content was altered by hand', async () => {
    const n = await total();
    const seq = Math.floor(n / 2);
    const [original] = await t.database.query<{ after: unknown }>(
      'select after from audit_events where seq = $1',
      [seq],
    );
    await tamper(`update audit_events set after = '{"forged": true}'::jsonb where seq = $1`, [seq]);
    const broken = await verifyHttp();
    expect(broken).toMatchObject({ ok: false, broken_at_seq: seq, checked: seq - 1 });
    expect(broken.reason).toMatch(/altered/);

    const lines: string[] = [];
    const out = {
      write: (s: string) => lines.push(`out:${s}`),
      writeError: (s: string) => lines.push(`err:${s}`),
    };
    expect(await runAuditVerify(t.ctx.db, out)).toBe(1);
    expect(lines.join('')).toContain(`err:audit chain BROKEN at event ${seq}`);

    await tamper('update audit_events set after = $2::jsonb where seq = $1', [
      seq,
      JSON.stringify(original?.after ?? null),
    ]);
    expect((await verifyHttp()).ok).toBe(true);
    lines.length = 0;
    expect(await runAuditVerify(t.ctx.db, out)).toBe(0);
    expect(lines.join('')).toMatch(/^out:audit chain OK: \d+ event/);
  });

  it('detects a row rewritten together with its own hash (at the next row)', async () => {
    const n = await total();
    const seq = Math.floor(n / 3);
    const [original] = await t.database.query<{ ip: string | null; hash: string }>(
      'select ip, hash from audit_events where seq = $1',
      [seq],
    );
    await tamper(`update audit_events set ip = '203.0.113.9', hash = $2 where seq = $1`, [
      seq,
      'f'.repeat(64),
    ]);
    const broken = await verifyHttp();
    expect(broken.ok).toBe(false);
    expect(broken.broken_at_seq).toBe(seq);
    await tamper('update audit_events set ip = $2, hash = $3 where seq = $1', [
      seq,
      original?.ip ?? null,
      original?.hash,
    ]);
    expect((await verifyHttp()).ok).toBe(true);
  });

  it('detects a deleted row in the middle', async () => {
    const n = await total();
    const seq = Math.floor(n / 2) + 3;
    const [row] = await t.database.query<Record<string, unknown>>(
      'select * from audit_events where seq = $1',
      [seq],
    );
    await tamper('delete from audit_events where seq = $1', [seq]);
    const broken = await verifyHttp();
    expect(broken).toMatchObject({ ok: false, broken_at_seq: seq + 1, checked: seq - 1 });
    expect(broken.reason).toBe(`event ${seq} is missing`);

    // Put it back: the chain is whole again.
    await tamper(
      `insert into audit_events select * from json_populate_record(null::audit_events, $1::json)`,
      [JSON.stringify(row)],
    );
    expect(await verifyHttp()).toMatchObject({ ok: true, checked: n });
  });

  it('an anchor (a head recorded earlier) detects the newest events being cut off', async () => {
    const head = await verifyHttp();
    expect(head.ok).toBe(true);
    const anchor = `${head.head_seq}:${head.head_hash}`;
    const [last] = await t.database.query<Record<string, unknown>>(
      'select * from audit_events where seq = $1',
      [head.head_seq],
    );
    const check = async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/audit/verify?anchor=${anchor}`,
        headers: admin,
      });
      expect(res.statusCode, res.body).toBe(200);
      return AuditVerifyResponse.parse(res.json());
    };
    expect((await check()).ok).toBe(true);
    await tamper('delete from audit_events where seq = $1', [head.head_seq]);
    // Without the anchor a cut-off tail still looks whole; with it, it does not.
    expect((await verifyHttp()).ok).toBe(true);
    const cut = await check();
    expect(cut).toMatchObject({ ok: false, broken_at_seq: head.head_seq });
    expect(cut.reason).toMatch(/newest events were removed/);
    await tamper(
      `insert into audit_events select * from json_populate_record(null::audit_events, $1::json)`,
      [JSON.stringify(last)],
    );
    expect((await check()).ok).toBe(true);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify?anchor=12:nothex',
      headers: admin,
    });
    expect(bad.statusCode).toBe(422);
  });
});
