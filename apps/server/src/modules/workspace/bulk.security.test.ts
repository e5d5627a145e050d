import { BULK_ACTIONS, type BulkActionKind } from '@metamorph/contract';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema/index.js';
import { listDetectionLevels } from '../execution/index.js';
import {
  executionFixture,
  type ActorName,
  type ExecutionFixture,
} from '../execution/test-execution.js';
import { tokenHeaders } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { workspaceKit } from './test-workspace.js';

const PLAN = { lead: 200, admin: 200, red: 403, blue: 403, purple: 403 };
const ANY = { lead: 200, admin: 200, red: 200, blue: 200, purple: 200 };
const RED = { lead: 200, admin: 200, red: 200, blue: 403, purple: 200 };
const BLUE = { lead: 200, admin: 200, red: 403, blue: 200, purple: 200 };
/** Who may run each action (written out by hand from the single-test routes' rules). */
const EXPECTED: Record<
  BulkActionKind,
  Record<'lead' | 'admin' | 'red' | 'blue' | 'purple', number>
> = {
  assign: PLAN,
  set_planned_day: PLAN,
  include_in_report: PLAN,
  exclude_from_report: PLAN,
  skip: ANY,
  block: ANY,
  reveal: RED,
  cleanup_done: RED,
  set_detection_level: BLUE,
};
const OUTSIDE: Partial<Record<ActorName, number>> = { anonymous: 401, outsider: 404, viewer: 403 };

describe('bulk actions: every action × every caller', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let k: ReturnType<typeof workspaceKit>;
  let fields: Record<BulkActionKind, Record<string, unknown>>;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    k = workspaceKit(f);
    const level = (await listDetectionLevels(t.ctx.db)).find((l) => l.key === 'logged')!;
    fields = {
      assign: { assignee_id: f.users.red.id },
      set_planned_day: { planned_day: '2026-12-09' },
      include_in_report: {},
      exclude_from_report: {},
      skip: { reason: 'not in scope' },
      block: { reason: 'could not run' },
      reveal: {},
      cleanup_done: {},
      set_detection_level: { detection_level_id: level.id },
    };
  });
  afterAll(() => t.close());

  it('answers as the table says, and changes a test only when it answers 200', async () => {
    expect([...BULK_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    const [spare] = await k.tests(1);
    const seen: string[] = [];
    for (const action of BULK_ACTIONS) {
      for (const [who, status] of [
        ...Object.entries(EXPECTED[action]),
        ...Object.entries(OUTSIDE),
      ]) {
        const id = status === 200 ? (await k.tests(1))[0]! : spare!;
        // A hidden test, for reveal to have something to change.
        if (action === 'reveal' && status === 200) await k.hide(id);
        // Tests are in reports by default: take it out first, so there is something to change.
        if (action === 'include_in_report' && status === 200) {
          await k.ok('lead', { test_ids: [id], action: 'exclude_from_report' });
        }
        const before = (await k.rows([id]))[0]!;
        const res = await k.bulk(who as ActorName, { test_ids: [id], action, ...fields[action] });
        seen.push(`${action} ${who} ${res.statusCode}`);
        const after = (await k.rows([id]))[0]!;
        if (status === 200) expect(after.version).toBe(before.version + 1);
        else expect(after).toEqual(before);
      }
    }
    const want = BULK_ACTIONS.flatMap((action) =>
      [...Object.entries(EXPECTED[action]), ...Object.entries(OUTSIDE)].map(
        ([who, status]) => `${action} ${who} ${status}`,
      ),
    );
    expect(seen).toEqual(want);
  });

  it('records the real actor on every audit row: user, token, ip and request id', async () => {
    const ids = await k.tests(2);
    const token = await tokenHeaders(t, f.h.red, ['mission.write_red_fields']);
    const res = await f.req({ authorization: token.authorization }, 'POST', f.url('/tests/bulk'), {
      test_ids: ids,
      action: 'cleanup_done',
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of ids) {
      const [row] = await t.ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'test.bulk_updated')));
      expect(row).toMatchObject({
        actorUserId: f.users.red.id,
        actorTokenId: token.tokenId,
        missionId: f.missionId,
        targetType: 'mission_test',
        before: { cleanup_done: null },
        after: { bulk_action: 'cleanup_done', cleanup_done: true },
      });
      expect(row?.requestId).toBe(res.headers['x-request-id']);
    }
    // A token without any write scope is refused before the mission is read.
    const reader = await tokenHeaders(t, f.h.lead, ['library.read'], 'reader');
    const refused = await f.req(
      { authorization: reader.authorization },
      'POST',
      f.url('/tests/bulk'),
      {
        test_ids: ids,
        action: 'exclude_from_report',
      },
    );
    expect(refused.statusCode).toBe(403);
    // A token scoped to red fields cannot do the lead's planning through a lead's account.
    const redOnly = await tokenHeaders(t, f.h.lead, ['mission.write_red_fields'], 'red only');
    const plan = await f.req(
      { authorization: redOnly.authorization },
      'POST',
      f.url('/tests/bulk'),
      {
        test_ids: ids,
        action: 'exclude_from_report',
      },
    );
    expect(plan.statusCode, plan.body).toBe(403);
  });
});
