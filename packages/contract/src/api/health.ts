import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptime_s: z.number(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const ReadyResponse = z.object({
  status: z.literal('ready'),
  database: z.enum(['pglite', 'postgres']),
  /** The evidence store that answered its check. */
  evidence: z.enum(['fs', 's3', 'memory']),
  migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
