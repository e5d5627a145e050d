import { z } from 'zod';

export const DiagResetResponse = z.object({
  reset: z.literal(true),
  tables_truncated: z.number().int(),
});
export type DiagResetResponse = z.infer<typeof DiagResetResponse>;
