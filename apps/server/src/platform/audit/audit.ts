import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEvent,
  type AuditTargetType,
  type AuditVerifyResponse,
} from '@metamorph/contract';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../authz.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { DbOrTx } from '../tx.js';
import { GENESIS_HASH, chainHash, type ChainedContent } from './canonical.js';

const AUDIT_CHAIN_LOCK = 7_342_118_002;

/** Request facts every audit row carries. */
export interface AuditContext {
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const systemAuditContext: AuditContext = {
  actor: null,
  ip: null,
  userAgent: null,
  requestId: null,
};

export interface AuditEntry {
  action: AuditAction;
  targetId: string | null;
  targetType?: AuditTargetType;
  missionId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** For events without a signed-in actor (failed logins): who it was about. */
  actorEmail?: string | null;
}

/**
 * Appends one hash-chained audit row inside the caller's transaction. The
 * advisory lock serialises appends until that transaction ends.
 */
export function appendAudit(
  tx: DbOrTx,
  clock: Clock,
  ctx: AuditContext,
  entry: AuditEntry,
): Promise<void> {
  return appendAuditMany(tx, clock, ctx, [entry]);
}

/**
 * Appends several chained rows at once (bulk imports): one lock, one read of the chain
 * head, inserts in batches. Same guarantees as appendAudit.
 */
export async function appendAuditMany(
  tx: DbOrTx,
  clock: Clock,
  ctx: AuditContext,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  let seq = last?.seq ?? 0;
  const at = clock.now().toISOString();
  const rows: (typeof auditEvents.$inferInsert)[] = [];
  for (const entry of entries) {
    seq += 1;
    const content: ChainedContent = {
      id: newId(),
      seq,
      at,
      actor_user_id: ctx.actor?.userId ?? null,
      actor_email: ctx.actor?.email ?? entry.actorEmail ?? null,
      actor_token_id: ctx.actor?.tokenId ?? null,
      action: entry.action,
      target_type: entry.targetType ?? AUDIT_ACTIONS[entry.action],
      target_id: entry.targetId,
      mission_id: entry.missionId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 512) ?? null,
      request_id: ctx.requestId,
    };
    const hash = chainHash(prevHash, content);
    rows.push({
      id: content.id,
      seq: content.seq,
      at: new Date(content.at),
      actorUserId: content.actor_user_id,
      actorEmail: content.actor_email,
      actorTokenId: content.actor_token_id,
      action: content.action,
      targetType: content.target_type,
      targetId: content.target_id,
      missionId: content.mission_id,
      before: content.before,
      after: content.after,
      ip: content.ip,
      userAgent: content.user_agent,
      requestId: content.request_id,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  for (let i = 0; i < rows.length; i += 200) {
    await tx.insert(auditEvents).values(rows.slice(i, i + 200));
  }
}

type AuditRow = typeof auditEvents.$inferSelect;

export function toAuditWire(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at.toISOString(),
    actor_user_id: row.actorUserId,
    actor_email: row.actorEmail,
    actor_token_id: row.actorTokenId,
    action: row.action as AuditAction,
    target_type: row.targetType as AuditTargetType,
    target_id: row.targetId,
    mission_id: row.missionId,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
    ip: row.ip,
    user_agent: row.userAgent,
    request_id: row.requestId,
    hash: row.hash,
    prev_hash: row.prevHash,
  };
}

export type VerifyResult = AuditVerifyResponse;

/** A head recorded earlier: the event with this seq must still exist with this hash. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/**
 * Recomputes the whole chain in seq order, in batches. With an anchor it also proves
 * that the chain still reaches that recorded head (no newest events cut off).
 */
export async function verifyAuditChain(
  db: Db,
  opts: { batch?: number; anchor?: ChainAnchor } = {},
): Promise<VerifyResult> {
  const batch = opts.batch ?? 1000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let anchorSeen = false;
  const result = (r: Omit<VerifyResult, 'checked' | 'head_seq' | 'head_hash'>): VerifyResult => ({
    ...r,
    checked,
    head_seq: checked > 0 ? expectedSeq - 1 : null,
    head_hash: checked > 0 ? prevHash : null,
  });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batch);
    for (const row of rows) {
      const fail = (reason: string) => result({ ok: false, broken_at_seq: row.seq, reason });
      if (row.seq !== expectedSeq) return fail(`event ${expectedSeq} is missing`);
      if (row.prevHash !== prevHash) return fail('prev_hash does not match the previous event');
      const { hash: _h, prev_hash: _p, ...content } = toAuditWire(row);
      if (chainHash(prevHash, content) !== row.hash) {
        return fail('content does not match its hash (the event was altered)');
      }
      if (opts.anchor && row.seq === opts.anchor.seq) {
        if (row.hash !== opts.anchor.hash) return fail('the event at the anchor has another hash');
        anchorSeen = true;
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  if (opts.anchor && !anchorSeen) {
    return result({
      ok: false,
      broken_at_seq: opts.anchor.seq,
      reason: `the log ends before the anchor (event ${opts.anchor.seq}): newest events were removed`,
    });
  }
  return result({ ok: true, broken_at_seq: null, reason: null });
}

export function parseAnchor(value: string | undefined): ChainAnchor | undefined {
  if (!value) return undefined;
  const [seq, hash] = value.split(':');
  return { seq: Number(seq), hash: hash ?? '' };
}
