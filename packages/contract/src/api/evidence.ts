import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

/** Evidence files of a mission test: screenshots, logs, captures. */

export const EvidenceSide = z.enum(['red', 'blue']);
export type EvidenceSide = z.infer<typeof EvidenceSide>;

export const Evidence = z.object({
  id: Uuid,
  mission_id: Uuid,
  mission_test_id: Uuid,
  side: EvidenceSide,
  caption: z.string().nullable(),
  sha256: z.string(),
  mime: z.string(),
  size_bytes: z.number().int(),
  original_filename: z.string(),
  uploaded_by_user_id: Uuid.nullable(),
  uploaded_by_email: z.string().nullable(),
  uploaded_by_display_name: z.string().nullable(),
  uploaded_at: IsoDateTime,
  created_at: IsoDateTime,
});
export type Evidence = z.infer<typeof Evidence>;

export const EvidencePatch = z
  .object({ caption: z.string().trim().max(2_000).nullable() })
  .strict();
export type EvidencePatch = z.infer<typeof EvidencePatch>;
export const EvidenceParams = z.object({ id: Uuid });

/** Upload answer: 201 for a new file, 200 with the existing record for a duplicate. */
export const EvidenceUploadResult = Evidence.extend({ duplicate: z.boolean() });
export type EvidenceUploadResult = z.infer<typeof EvidenceUploadResult>;
