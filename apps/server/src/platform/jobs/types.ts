import type { JobRow } from '../../db/schema/index.js';

export interface JobProgressUpdate {
  done: number;
  total?: number | null;
  message?: string | null;
}

export interface JobContext<P = unknown> {
  readonly job: JobRow;
  readonly payload: P;
  /** Aborted when the process shuts down or the job is cancelled; handlers should stop early. */
  readonly signal: AbortSignal;
  /** Records progress (throttled) and extends the job's lease. */
  progress(update: JobProgressUpdate): Promise<void>;
}

export interface JobHandler<P = unknown> {
  /** Parses and validates the stored payload; throwing fails the job without retry. */
  parse(payload: unknown): P;
  run(ctx: JobContext<P>): Promise<unknown>;
  /** Attempts before the job is failed for good (default 3). */
  maxAttempts?: number;
}

/** A failure retrying cannot fix (bad input, missing file): the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
