import { z } from 'zod';
import { AuditActionSchema, AuditEvent, AuditTargetType } from '../audit-events.js';
import { Uuid } from './common.js';
import { PageQuery } from './paging.js';

/** A time filter: any ISO 8601 date-time with `Z` or an offset, any sub-second precision. */
const IsoInstant = z.iso.datetime({ offset: true });

/**
 * Filters of `GET /api/audit`, all optional and combined with AND. `actor` is a user
 * id; `from` is inclusive and `to` exclusive. Newest first; pass `next_cursor` back as
 * `cursor` for the next (older) page.
 */
export const AuditQuery = PageQuery.extend({
  actor: Uuid.optional(),
  action: AuditActionSchema.optional(),
  target_type: AuditTargetType.optional(),
  target_id: z.string().max(100).optional(),
  mission: Uuid.optional(),
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  items: z.array(AuditEvent),
  next_cursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first event whose hash does not match, when the chain is broken. */
  broken_at_seq: z.number().int().nullable(),
  reason: z.string().nullable(),
  /**
   * The newest event. A chain cannot prove that its newest events were not cut off:
   * record the head somewhere else and pass it back as `anchor` to check exactly that.
   */
  head_seq: z.number().int().nullable(),
  head_hash: z.string().nullable(),
});

/** `anchor=<seq>:<hash>`, a head recorded earlier, which must still be in the chain. */
export const AuditVerifyQuery = z.object({
  anchor: z
    .string()
    .regex(
      /^\d{1,15}:[0-9a-f]{64}$/,
      'must be <seq>:<sha256 hex> as reported by head_seq/head_hash',
    )
    .optional(),
});
export type AuditVerifyQuery = z.infer<typeof AuditVerifyQuery>;

export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;
