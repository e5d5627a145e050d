import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/**
 * Append-only, hash-chained audit log: `hash = sha256(prev_hash + canonical(row))`.
 * A trigger refuses UPDATE and DELETE; verification detects edits made around it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email'),
    actorTokenId: uuid('actor_token_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    missionId: uuid('mission_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_seq_key').on(t.seq),
    index('audit_events_actor_idx').on(t.actorUserId, t.seq),
    index('audit_events_action_idx').on(t.action, t.seq),
    index('audit_events_target_idx').on(t.targetType, t.targetId),
    index('audit_events_mission_idx').on(t.missionId, t.seq),
    index('audit_events_at_idx').on(t.at),
  ],
);
