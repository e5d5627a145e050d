import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AuditQuery } from '@metamorph/contract';
import { auditEvents } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

export type AuditRow = typeof auditEvents.$inferSelect;

/** The filters of an audit search, parsed: times as Dates, the cursor as a seq. */
export interface AuditSearch extends Omit<AuditQuery, 'from' | 'to' | 'cursor' | 'limit'> {
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only events older than this seq (the previous page's last one). */
  beforeSeq?: number | undefined;
  limit: number;
}

/** Audit events matching every given filter, newest first (by chain order). */
export function searchAudit(db: DbOrTx, q: AuditSearch): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (q.actor) where.push(eq(auditEvents.actorUserId, q.actor));
  if (q.action) where.push(eq(auditEvents.action, q.action));
  if (q.target_type) where.push(eq(auditEvents.targetType, q.target_type));
  if (q.target_id) where.push(eq(auditEvents.targetId, q.target_id));
  if (q.mission) where.push(eq(auditEvents.missionId, q.mission));
  if (q.from) where.push(gte(auditEvents.at, q.from));
  if (q.to) where.push(lt(auditEvents.at, q.to));
  if (q.beforeSeq !== undefined) where.push(lt(auditEvents.seq, q.beforeSeq));
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(q.limit);
}
