import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDetectionLevels } from '../execution/index.js';
import { executionFixture, type ExecutionFixture } from '../execution/test-execution.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { workspaceKit } from './test-workspace.js';

describe('POST /api/missions/:id/tests/bulk', () => {
  let t: TestApp;
  let f: ExecutionFixture;
  let k: ReturnType<typeof workspaceKit>;
  beforeAll(async () => {
    t = await createTestApp();
    f = await executionFixture(t);
    k = workspaceKit(f);
  });
  afterAll(() => t.close());

  it('applies every action: one version bump, one audit row and one live event per test', async () => {
    const ids = await k.tests(3);
    const levels = await listDetectionLevels(t.ctx.db);
    const alerted = levels.find((l) => l.key === 'alerted')!;
    const cases = [
      ['lead', { action: 'assign', assignee_id: f.users.red.id }, 'assigneeId', f.users.red.id],
      ['lead', { action: 'set_planned_day', planned_day: '2026-12-08' }, 'plannedOn', '2026-12-08'],
      ['lead', { action: 'exclude_from_report' }, 'includeInReport', false],
      ['lead', { action: 'include_in_report' }, 'includeInReport', true],
      ['red', { action: 'cleanup_done' }, 'cleanupDone', true],
      [
        'blue',
        { action: 'set_detection_level', detection_level_id: alerted.id },
        'detectionLevelId',
        alerted.id,
      ],
      ['purple', { action: 'block', reason: 'EDR host offline' }, 'state', 'blocked'],
    ] as const;
    let version = (await k.rows(ids))[0]!.version;
    for (const [who, body, column, value] of cases) {
      const before = await k.events(ids);
      const res = await k.ok(who, { test_ids: ids, ...body });
      version++;
      expect(res).toEqual({
        updated: [...ids].sort().map((id) => ({ id, version })),
        unchanged: [],
      });
      const rows = await k.rows(ids);
      expect(rows.map((r) => r[column])).toEqual([value, value, value]);
      expect(rows.map((r) => r.version)).toEqual([version, version, version]);
      const events = (await k.events(ids)).slice(before.length);
      expect(events.map((e) => [e.kind, e.testId]).sort()).toEqual(
        ids.map((id) => ['test.changed', id]).sort(),
      );
      expect(new Set(events.map((e) => e.seq)).size).toBe(3);
      // The test's own change number is its event's (pollers and SSE agree).
      expect(rows.map((r) => r.changeSeq).sort()).toEqual(events.map((e) => e.seq).sort());
    }
    const rows = await k.rows(ids);
    expect(rows[0]!.stateReason).toBe('EDR host offline');
    const audits = await k.audits(ids);
    expect(audits).toHaveLength(ids.length * cases.length);
    const firstTest = audits.filter((a) => a.targetId === ids[0]);
    expect(firstTest.map((a) => (a.after as { bulk_action: string }).bulk_action).sort()).toEqual(
      cases.map((c) => c[1].action).sort(),
    );
    const block = firstTest.find(
      (a) => (a.after as { bulk_action: string }).bulk_action === 'block',
    )!;
    expect(block.before).toEqual({ state: 'pending', state_reason: null });
    expect(block.after).toEqual({
      bulk_action: 'block',
      state: 'blocked',
      state_reason: 'EDR host offline',
    });
    expect(block.missionId).toBe(f.missionId);
    expect(block.actorUserId).toBe(f.users.purple.id);
  });

  it('skips pending tests, reports unchanged ones and refuses the rest of the machine with 409', async () => {
    const [a, b, c] = (await k.tests(3)) as [string, string, string];
    const first = await k.ok('red', { test_ids: [a], action: 'skip', reason: 'out of scope' });
    expect(first.updated.map((u) => u.id)).toEqual([a]);
    const again = await k.ok('red', { test_ids: [a, b], action: 'skip', reason: 'out of scope' });
    expect(again).toEqual({
      updated: [{ id: b, version: (await k.rows([b]))[0]!.version }],
      unchanged: [a],
    });
    expect(
      (await f.req('red', 'POST', f.url(`/tests/${c}/transition`), { state: 'executed' }))
        .statusCode,
    ).toBe(200);
    const before = await k.rows([a, b, c]);
    // Executed, and skipped (only pending tests may be blocked): both named, nothing written.
    const err = await k.refused('red', { test_ids: [c, a, b], action: 'block', reason: 'x' }, 409);
    expect(err.code).toBe('invalid_transition');
    expect(err.context?.test_ids).toEqual([a, b, c].sort());
    expect(err.detail).toContain(c!);
    expect(await k.rows([a, b, c])).toEqual(before);
  });

  it('reveals hidden tests with a test.revealed event per test', async () => {
    const [a, b] = (await k.tests(2)) as [string, string];
    await k.hide(a!);
    const res = await k.ok('red', { test_ids: [a, b], action: 'reveal' });
    expect(res.updated.map((u) => u.id)).toEqual([a]);
    expect(res.unchanged).toEqual([b]);
    expect((await k.rows([a!]))[0]!.hiddenFromBlue).toBe(false);
    const events = await k.events([a!]);
    expect(events.at(-1)?.kind).toBe('test.revealed');
  });

  it('is all or nothing: one unknown or foreign id refuses the whole request (422 naming it)', async () => {
    const ids = await k.tests(2);
    const other = await executionFixture(t);
    const foreign = await other.newTest();
    const unknown = randomUUID();
    const before = await k.rows(ids);
    const events = await k.events(ids);
    for (const bad of [unknown, foreign]) {
      const err = await k.refused(
        'lead',
        { test_ids: [...ids, bad], action: 'exclude_from_report' },
        422,
      );
      expect(err.code).toBe('validation_failed');
      expect(err.context?.test_ids).toEqual([bad]);
      expect(err.errors?.[0]).toEqual({
        path: 'body.test_ids',
        message: `not found in this mission: ${bad}`,
      });
    }
    expect(await k.rows(ids)).toEqual(before);
    expect(await k.audits(ids)).toHaveLength(0);
    expect(await k.events(ids)).toEqual(events);
  });

  it('answers a hidden test to blue exactly as an unknown one', async () => {
    const [open, hidden] = (await k.tests(2)) as [string, string];
    await k.hide(hidden!);
    const unknown = randomUUID();
    const h = await k.refused(
      'blue',
      { test_ids: [open, hidden], action: 'skip', reason: 'r' },
      422,
    );
    const u = await k.refused(
      'blue',
      { test_ids: [open, unknown], action: 'skip', reason: 'r' },
      422,
    );
    expect(h.errors?.[0]?.message).toBe(`not found in this mission: ${hidden}`);
    expect(u.errors?.[0]?.message).toBe(`not found in this mission: ${unknown}`);
    expect(h.detail.replace(hidden!, 'ID')).toBe(u.detail.replace(unknown, 'ID'));
    expect((await k.rows([open!]))[0]!.state).toBe('pending');
  });

  it('refuses the whole request with 403 and the ids when the side is not held', async () => {
    const ids = await k.tests(2);
    const levels = await listDetectionLevels(t.ctx.db);
    const before = await k.rows(ids);
    const sorted = [...ids].sort();
    const red = await k.refused(
      'red',
      { test_ids: ids, action: 'set_detection_level', detection_level_id: levels[0]!.id },
      403,
    );
    expect(red.context?.test_ids).toEqual(sorted);
    expect(red.detail).toContain('blue role');
    const blue = await k.refused(
      'blue',
      { test_ids: ids, action: 'assign', assignee_id: null },
      403,
    );
    expect(blue.context?.test_ids).toEqual(sorted);
    expect(
      (await k.refused('blue', { test_ids: ids, action: 'cleanup_done' }, 403)).detail,
    ).toContain('red role');
    expect(
      (await k.refused('blue', { test_ids: ids, action: 'reveal' }, 403)).context?.test_ids,
    ).toEqual(sorted);
    // A viewer holds no side: the route's write level refuses before any test is read.
    const viewer = await k.refused('viewer', { test_ids: ids, action: 'skip', reason: 'r' }, 403);
    expect(viewer.context).toBeUndefined();
    expect(await k.rows(ids)).toEqual(before);
  });

  it('validates the body: size, duplicates, unknown keys, missing reason, references', async () => {
    const [a] = await k.tests(1);
    const many = Array.from({ length: 1001 }, () => randomUUID());
    const over = await k.refused('lead', { test_ids: many, action: 'reveal' }, 422);
    expect(over.detail).toContain('at most 1000');
    expect((await k.refused('lead', { test_ids: [], action: 'reveal' }, 422)).detail).toContain(
      'at least one',
    );
    expect((await k.refused('lead', { test_ids: [a, a], action: 'reveal' }, 422)).detail).toContain(
      'repeat',
    );
    expect(
      (await k.refused('lead', { test_ids: [a], action: 'reveal', reason: 'x' }, 422)).detail,
    ).toContain('reason');
    expect((await k.refused('lead', { test_ids: [a], action: 'skip' }, 422)).detail).toContain(
      'reason',
    );
    expect(
      (await k.refused('lead', { test_ids: [a], action: 'skip', reason: '   ' }, 422)).detail,
    ).toContain('reason');
    expect((await k.refused('lead', { test_ids: [a], action: 'explode' }, 422)).code).toBe(
      'validation_failed',
    );
    const notMember = await k.refused(
      'lead',
      { test_ids: [a], action: 'assign', assignee_id: randomUUID() },
      422,
    );
    expect(notMember.errors?.[0]?.path).toBe('body.assignee_id');
    const level = await k.refused(
      'blue',
      { test_ids: [a], action: 'set_detection_level', detection_level_id: randomUUID() },
      422,
    );
    expect(level.errors?.[0]?.path).toBe('body.detection_level_id');
    // A typo is named even without an action; outsiders still get the mission's 404 first.
    const typo = await k.refused('lead', { test_ids: [a], zz_typo: 1 }, 422);
    expect(typo.detail).toContain('Unrecognized key: "zz_typo"');
    expect((await k.bulk('outsider', { test_ids: [a], zz_typo: 1 })).statusCode).toBe(404);
    expect(await k.audits([a!])).toHaveLength(0);
  });

  it('refuses a level the tools contradict, naming the tests, as the single-test PUT', async () => {
    const [x, y] = (await k.tests(2)) as [string, string];
    const tool = await f.req('lead', 'POST', f.url('/assets'), {
      kind: 'defence_tool',
      name: 'CrowdStrike',
      layer: 'edr',
    });
    expect(tool.statusCode, tool.body).toBe(201);
    const edr = (tool.json() as { id: string }).id;
    const facts = { defence_tool_id: edr, prevented: 'no', alerted: 'yes', logged: 'yes' };
    const put = await f.req('blue', 'PUT', f.url(`/tests/${x}`), { tool_results: [facts] });
    expect(put.statusCode, put.body).toBe(200);
    const levels = await listDetectionLevels(t.ctx.db);
    const level = (key: string) => levels.find((l) => l.key === key)!.id;
    const before = await k.rows([x, y]);
    const err = await k.refused(
      'blue',
      { test_ids: [x, y], action: 'set_detection_level', detection_level_id: level('logged') },
      422,
    );
    expect(err.context?.test_ids).toEqual([x]);
    expect(err.detail).toContain(x);
    expect(await k.rows([x, y])).toEqual(before);
    const ok = await k.ok('blue', {
      test_ids: [x, y],
      action: 'set_detection_level',
      detection_level_id: level('alerted'),
    });
    expect(ok.updated.map((u) => u.id).sort()).toEqual([x, y].sort());
  });

  it('answers 404 to outsiders and 401 to anonymous callers', async () => {
    const [a] = await k.tests(1);
    expect((await k.bulk('outsider', { test_ids: [a], action: 'reveal' })).statusCode).toBe(404);
    expect((await k.bulk('anonymous', { test_ids: [a], action: 'reveal' })).statusCode).toBe(401);
    const res = await f.req('lead', 'POST', `/api/missions/${randomUUID()}/tests/bulk`, {
      test_ids: [a],
      action: 'reveal',
    });
    expect(res.statusCode).toBe(404);
  });
});
