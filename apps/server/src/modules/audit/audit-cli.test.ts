import { AuditVerifyResponse } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metamorph, prepareCliDatabase as prepare } from '../../../test/cli-run.js';
import { appendAudit, systemAuditContext } from '../../platform/audit/audit.js';
import { systemClock } from '../../platform/clock.js';

const pgUrl = process.env.TEST_DATABASE_URL;

describe('metamorph audit verify', () => {
  let target: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    target = await prepare();
    const database = await target.open();
    try {
      for (const n of [1, 2, 3]) {
        await database.db.transaction((tx) =>
          appendAudit(tx, systemClock, systemAuditContext, {
            action: 'settings.updated',
            targetId: null,
            after: { n },
          }),
        );
      }
    } finally {
      await database.close();
    }
  });
  afterAll(async () => target.drop());

  it('passes on an intact chain, then exits 1 once a row is altered by hand', async () => {
    const intact = await metamorph(['audit', 'verify', '--json'], target.env);
    expect(intact.code, intact.stderr).toBe(0);
    const head = AuditVerifyResponse.parse(JSON.parse(intact.stdout));
    expect(head).toMatchObject({ ok: true, checked: 3, broken_at_seq: null, reason: null });
    expect(head.head_seq).toBe(3);
    const anchored = await metamorph(
      ['audit', 'verify', '--anchor', `${head.head_seq}:${head.head_hash}`],
      target.env,
    );
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stdout).toContain(`head 3:${head.head_hash}`);

    const database = await target.open();
    try {
      await database.rawTransaction(async (q) => {
        await q('alter table audit_events disable trigger audit_events_no_update');
        await q(`update audit_events set after = '{"n": 20}'::jsonb where seq = 2`);
        await q('alter table audit_events enable trigger audit_events_no_update');
      });
    } finally {
      await database.close();
    }
    const broken = await metamorph(['audit', 'verify'], target.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at event 2');
  }, 60_000);

  it.skipIf(pgUrl)(
    'refuses politely while another process holds the embedded database',
    async () => {
      const database = await target.open();
      try {
        const held = await metamorph(['audit', 'verify'], target.env);
        expect(held.code).toBe(1);
        expect(held.stderr).toMatch(/in use by process \d+/);
      } finally {
        await database.close();
      }
    },
    60_000,
  );
});
