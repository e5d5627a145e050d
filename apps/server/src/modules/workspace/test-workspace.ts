import { BulkTestResult, ErrorBody } from '@metamorph/contract';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents, missionEvents, missionTests } from '../../db/schema/index.js';
import type { ExecutionFixture } from '../execution/test-execution.js';

type Who = Parameters<ExecutionFixture['req']>[0];

/** Bulk and queue helpers over the execution fixture (one mission, one member per role). */
export function workspaceKit(f: ExecutionFixture) {
  const bulk = (who: Who, body: Record<string, unknown>) =>
    f.req(who, 'POST', f.url('/tests/bulk'), body);
  return {
    bulk,
    async ok(who: Who, body: Record<string, unknown>): Promise<BulkTestResult> {
      const res = await bulk(who, body);
      expect(res.statusCode, res.body).toBe(200);
      return BulkTestResult.parse(res.json());
    },
    async refused(who: Who, body: Record<string, unknown>, status: number): Promise<ErrorBody> {
      const res = await bulk(who, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return ErrorBody.parse(res.json());
    },
    async tests(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await f.newTest());
      return ids;
    },
    /** The rows as stored, in the order asked. */
    async rows(ids: string[]) {
      const rows = await f.t.ctx.db
        .select()
        .from(missionTests)
        .where(inArray(missionTests.id, ids));
      return ids.map((id) => rows.find((r) => r.id === id)!);
    },
    async audits(ids: string[]) {
      return f.t.ctx.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'test.bulk_updated'), inArray(auditEvents.targetId, ids)))
        .orderBy(asc(auditEvents.targetId));
    },
    async events(ids: string[]) {
      return f.t.ctx.db
        .select()
        .from(missionEvents)
        .where(inArray(missionEvents.testId, ids))
        .orderBy(asc(missionEvents.seq));
    },
    async hide(testId: string) {
      const res = await f.req('lead', 'PATCH', f.url(`/tests/${testId}/plan`), {
        hidden_from_blue: true,
      });
      expect(res.statusCode, res.body).toBe(200);
    },
  };
}
