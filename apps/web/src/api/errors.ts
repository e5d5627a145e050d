import { ErrorBody, ErrorCode, codeToTitle } from '@metamorph/contract';
import type { z } from 'zod';

/**
 * The server answered with an error status. `body` is the parsed
 * `application/problem+json` document, or one synthesised from the status
 * when the answer carried none (e.g. an HTML 502 from a reverse proxy);
 * `problem` tells which.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly body: ErrorBody;
  readonly problem: boolean;

  constructor(status: number, body: ErrorBody, problem: boolean) {
    super(body.detail || body.title);
    this.status = status;
    this.body = body;
    this.problem = problem;
  }

  get code(): ErrorCode {
    return this.body.code;
  }

  get detail(): string {
    return this.body.detail;
  }

  get requestId(): string {
    return this.body.requestId;
  }

  get errors(): ErrorBody['errors'] {
    return this.body.errors;
  }
}

/** A successful answer did not match the contract schema (or was not JSON). */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly issues: z.core.$ZodIssue[];
  readonly requestId: string;

  constructor(init: {
    method: string;
    path: string;
    status: number;
    message: string;
    issues?: z.core.$ZodIssue[];
    requestId?: string;
  }) {
    super(init.message);
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.requestId = init.requestId ?? '';
  }
}

/** The request never got an answer: server down, network gone, CORS, … */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, cause: unknown) {
    super(`Could not reach the Metamorph server (${method} ${path}).`, { cause });
    this.method = method;
    this.path = path;
  }
}

/** No answer at all, or only a proxy saying that the server is gone. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && !error.problem && [502, 503, 504].includes(error.status);
}

const codeByStatus: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.NotReady,
};

function codeForStatus(status: number): ErrorCode {
  return codeByStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
}

/** Problem details for an error answer that carried none of its own. */
export function fallbackErrorBody(init: {
  status: number;
  statusText: string;
  requestId: string;
  partial?: unknown;
}): ErrorBody {
  const code = codeForStatus(init.status);
  const partial = isRecord(init.partial) ? init.partial : {};
  const statusLine = `${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
  const gateway = init.status === 502 || init.status === 504;
  return {
    type: 'about:blank',
    title: stringOr(partial.title, gateway ? 'Server unreachable' : codeToTitle(code)),
    status: init.status,
    code,
    detail: stringOr(
      partial.detail,
      gateway
        ? `The server could not be reached through the proxy (${statusLine}).`
        : `The server answered ${statusLine} without problem details.`,
    ),
    requestId: stringOr(partial.requestId, init.requestId),
  };
}

/** Parse a problem+json document, leniently: a malformed one still yields a body. */
export function toErrorBody(
  json: unknown,
  init: { status: number; statusText: string; requestId: string },
): { body: ErrorBody; problem: boolean } {
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) return { body: parsed.data, problem: true };
  return { body: fallbackErrorBody({ ...init, partial: json }), problem: false };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/** The version someone else saved, when `error` is a stale-version 409. */
export function conflictVersion(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const current = error.body.context?.current_version;
  return typeof current === 'number' ? current : null;
}
