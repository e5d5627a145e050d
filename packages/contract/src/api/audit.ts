import { z } from 'zod';
import { AuditActionSchema, AuditEvent, AuditTargetType } from '../audit-events.js';
import { IsoDateTime, Uuid } from './common.js';
import { PageQuery } from './paging.js';

export const AuditQuery = PageQuery.extend({
  actor: Uuid.optional(),
  action: AuditActionSchema.optional(),
  target_type: AuditTargetType.optional(),
  target_id: z.string().max(100).optional(),
  mission: Uuid.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  items: z.array(AuditEvent),
  next_cursor: z.string().nullable(),
});

export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first event whose hash does not match, when the chain is broken. */
  broken_at_seq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;
