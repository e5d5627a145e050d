import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobProgress = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  message: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z.object({
  id: Uuid,
  type: z.string(),
  status: JobStatus,
  progress: JobProgress,
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  created_at: IsoDateTime,
  started_at: IsoDateTime.nullable(),
  finished_at: IsoDateTime.nullable(),
  updated_at: IsoDateTime,
});
export type Job = z.infer<typeof Job>;

/** Body of every 202 answer that starts long work. */
export const JobAccepted = z.object({ job: Job });
export type JobAccepted = z.infer<typeof JobAccepted>;

export const DemoJobRequest = z.strictObject({
  steps: z.number().int().min(1).max(1000).default(5),
  step_ms: z.number().int().min(0).max(10_000).default(10),
  fail_at: z.number().int().min(1).optional(),
  /** Attempts before it fails for good (a worker that dies mid-job uses one). */
  attempts: z.number().int().min(1).max(5).default(1),
});
export type DemoJobRequest = z.infer<typeof DemoJobRequest>;
