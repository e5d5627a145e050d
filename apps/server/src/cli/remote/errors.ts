import type { ErrorBody } from '@metamorph/contract';

/** Exit codes of `metamorph remote …` (README, "Remote client"). */
export const EXIT = {
  ok: 0,
  /** Bad flags or arguments, caught before anything was sent. */
  usage: 1,
  /** The server refused the request (4xx); its problem detail is printed. */
  refused: 2,
  /** The server failed (5xx), could not be reached, or answered something unexpected. */
  server: 3,
  /** A job the command started (import, report) ended failed or cancelled. */
  jobFailed: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Any failure of a remote command: a message for people, an exit code for scripts. */
export class RemoteError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** The problem+json body when the server sent one. */
    readonly problem?: ErrorBody,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export const usageError = (message: string): RemoteError => new RemoteError(EXIT.usage, message);

/** One error line (or a few) for the terminal: status, code, detail, field issues, request id. */
export function describeProblem(method: string, path: string, problem: ErrorBody): string {
  const lines = [`${method} ${path}: ${problem.status} ${problem.code}: ${problem.detail}`];
  for (const issue of problem.errors ?? []) lines.push(`  ${issue.path}: ${issue.message}`);
  lines.push(`  request id: ${problem.requestId}`);
  return lines.join('\n');
}
