import { randomBytes } from 'node:crypto';
import { MissionTestDetail } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { evidenceWorld, type EvidenceWorld } from './test-evidence.js';

/**
 * An exercise day on one mission: red uploads screenshots while red and blue edit tests and
 * the lead edits the plan and runs bulk actions over every test, all at once. Every write
 * takes the mission row first, then its test rows, and the audit lock last, so none of them
 * can deadlock another (on PostgreSQL, before one lock order, 42 of 79 such writes answered
 * 500 `deadlock detected`).
 */
describe('mixed concurrent writes on one mission', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  const tests: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
    for (let i = 0; i < 6; i++) tests.push(await w.newTest());
  });
  afterAll(() => t.close());

  it('answers every write without a 5xx and loses none of them', async () => {
    const rounds = 30;
    const ops: Promise<{ kind: string; status: number; body: string }>[] = [];
    const put = (testId: string, i: number) =>
      t.app
        .inject({
          method: 'PUT',
          url: `/api/missions/${w.missionId}/tests/${testId}`,
          headers: w.h.purple,
          payload: { red_comment_md: `round ${i}`, blue_comment_md: `seen ${i}` },
        })
        .then((r) => ({ kind: 'put', status: r.statusCode, body: r.body }));
    const plan = (testId: string, i: number) =>
      t.app
        .inject({
          method: 'PATCH',
          url: `/api/missions/${w.missionId}/tests/${testId}/plan`,
          headers: w.h.lead,
          payload: { planned_on: `2026-12-${String(10 + (i % 9)).padStart(2, '0')}` },
        })
        .then((r) => ({ kind: 'plan', status: r.statusCode, body: r.body }));
    const upload = (testId: string, i: number) =>
      w
        .upload('purple', testId, {
          name: `shot-${i}.txt`,
          content: Buffer.from(`round ${i} ${randomBytes(8).toString('hex')}\n`),
        })
        .then((r) => ({ kind: 'upload', status: r.statusCode, body: r.body }));
    // A bulk action over every test of the mission, its ids in reverse (it locks in id order).
    const bulk = (i: number) =>
      t.app
        .inject({
          method: 'POST',
          url: `/api/missions/${w.missionId}/tests/bulk`,
          headers: w.h.lead,
          payload: {
            test_ids: [...tests].reverse(),
            action: i % 2 ? 'include_in_report' : 'exclude_from_report',
          },
        })
        .then((r) => ({ kind: 'bulk', status: r.statusCode, body: r.body }));
    for (let i = 0; i < rounds; i++) {
      ops.push(bulk(i));
      for (const [n, testId] of tests.entries()) {
        // Each test gets all three kinds of write in every round, in a rotating order.
        const kinds = [put, plan, upload];
        for (let k = 0; k < kinds.length; k++) ops.push(kinds[(k + n + i) % 3]!(testId, i));
      }
    }
    const results = await Promise.all(ops);
    const failed = results.filter((r) => r.status >= 300);
    expect(failed.map((f) => `${f.kind} ${f.status} ${f.body.slice(0, 200)}`)).toEqual([]);
    expect(results).toHaveLength(rounds * (tests.length * 3 + 1));

    // Nothing lost: every test carries its last PUT's text and every upload is listed.
    for (const testId of tests) {
      const res = await t.app.inject({
        url: `/api/missions/${w.missionId}/tests/${testId}`,
        headers: w.h.lead,
      });
      const detail = MissionTestDetail.parse(res.json());
      expect(detail.red_comment_md).toMatch(/^round \d+$/);
      expect(detail.evidence).toHaveLength(rounds);
    }
    const verify = await t.app.inject({ url: '/api/audit/verify', headers: w.h.admin });
    expect(verify.json()).toMatchObject({ ok: true });
    // 570 writes: well past the default 30 s on a loaded 2-core machine (not a speed claim).
  }, 180_000);
});
