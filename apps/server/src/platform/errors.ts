import { ErrorCode, codeToStatus, codeToTitle, type FieldIssue } from '@metamorph/contract';

/** A failure the client caused or may act on; mapped to problem+json by the error handler. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly extra: { errors?: FieldIssue[]; context?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.status = codeToStatus(code);
  }
  get title(): string {
    return codeToTitle(this.code);
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (detail: string): DomainError =>
  new DomainError(ErrorCode.Forbidden, detail);
export const unauthenticated = (detail = 'Sign in first'): DomainError =>
  new DomainError(ErrorCode.Unauthenticated, detail);
export const badRequest = (detail: string): DomainError =>
  new DomainError(ErrorCode.BadRequest, detail);
export const conflict = (detail: string, context?: Record<string, unknown>): DomainError =>
  new DomainError(ErrorCode.Conflict, detail, context ? { context } : {});
export const validationFailed = (errors: FieldIssue[]): DomainError =>
  new DomainError(
    ErrorCode.ValidationFailed,
    `Invalid ${errors.map((e) => e.path || 'body').join(', ')}: ${errors.map((e) => e.message).join('; ')}`,
    { errors },
  );
