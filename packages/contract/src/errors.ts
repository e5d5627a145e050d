import { z } from 'zod';

/**
 * Stable, machine-readable error codes. Clients switch on these, never on
 * `title` or `detail`, so a code once published is never renamed.
 */
export const ErrorCode = {
  BadRequest: 'bad_request',
  ValidationFailed: 'validation_failed',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  PasswordChangeRequired: 'password_change_required',
  MfaRequired: 'mfa_required',
  MfaEnrollmentRequired: 'mfa_enrollment_required',
  CsrfRejected: 'csrf_rejected',
  AccountDisabled: 'account_disabled',
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  Conflict: 'conflict',
  VersionConflict: 'version_conflict',
  InvalidTransition: 'invalid_transition',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  NotReady: 'not_ready',
  DatabaseUnavailable: 'database_unavailable',
  /** A server Metamorph called for the client (Caldera…) failed or answered garbage. */
  UpstreamFailed: 'upstream_failed',
  Internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  password_change_required: 403,
  mfa_required: 401,
  mfa_enrollment_required: 403,
  csrf_rejected: 403,
  account_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  version_conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  not_ready: 503,
  database_unavailable: 503,
  upstream_failed: 502,
  internal_error: 500,
};

const titleByCode: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  password_change_required: 'Password change required',
  mfa_required: 'Second factor required',
  mfa_enrollment_required: 'Two-factor setup required',
  csrf_rejected: 'Cross-site request rejected',
  account_disabled: 'Account disabled',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  version_conflict: 'Version conflict',
  invalid_transition: 'Invalid transition',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  not_ready: 'Service not ready',
  database_unavailable: 'Database unavailable',
  upstream_failed: 'Upstream server failed',
  internal_error: 'Internal server error',
};

export function codeToStatus(code: ErrorCode): number {
  return statusByCode[code];
}

export function codeToTitle(code: ErrorCode): string {
  return titleByCode[code];
}

export const errorCodes = Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]];

/** One field-level problem of a 422 answer. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** RFC 9457 problem details, as every error answer carries it. */
export const ErrorBody = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(errorCodes),
  detail: z.string(),
  requestId: z.string(),
  errors: z.array(FieldIssue).optional(),
  /** Extra machine-readable context, e.g. the current state on a 409. */
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: ErrorCode): string {
  return `https://metamorph.dev/problems/${code.replaceAll('_', '-')}`;
}
