import {
  ErrorCode,
  PROBLEM_CONTENT_TYPE,
  codeToStatus,
  codeToTitle,
  problemType,
  type ErrorBody,
  type FieldIssue,
} from '@metamorph/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DomainError } from '../errors.js';
import { dbErrorSummary, isDatabaseUnavailable } from '../db-errors.js';

/** Seconds a client should wait before retrying while the database is away. */
const DATABASE_RETRY_AFTER_S = 2;

export function problemBody(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extra: { errors?: FieldIssue[]; context?: Record<string, unknown> } = {},
): ErrorBody {
  return {
    type: problemType(code),
    title: codeToTitle(code),
    status: codeToStatus(code),
    code,
    detail,
    requestId,
    ...extra,
  };
}

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  extra: { errors?: FieldIssue[]; context?: Record<string, unknown> } = {},
): FastifyReply {
  const body = problemBody(code, detail, String(reply.request.id), extra);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

function issuesFromZod(err: ZodError, prefix: string): FieldIssue[] {
  return err.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

function describe(issues: FieldIssue[]): string {
  const names = [...new Set(issues.map((i) => i.path || 'body'))];
  return `Invalid ${names.join(', ')}: ${issues.map((i) => `${i.path || 'body'} ${i.message}`).join('; ')}`;
}

/** Fastify's own client errors (parsing, limits, content types) by their codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.BadRequest,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.BadRequest,
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.BadRequest,
  FST_ERR_CTP_EMPTY_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_TYPE: ErrorCode.UnsupportedMediaType,
};

function fromFastifyError(err: FastifyError): { code: ErrorCode; detail: string } | undefined {
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) return { code: mapped, detail: err.message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    const code =
      err.statusCode === 413
        ? ErrorCode.PayloadTooLarge
        : err.statusCode === 415
          ? ErrorCode.UnsupportedMediaType
          : err.statusCode === 404
            ? ErrorCode.NotFound
            : err.statusCode === 429
              ? ErrorCode.RateLimited
              : ErrorCode.BadRequest;
    return { code, detail: err.message };
  }
  return undefined;
}

/** The one error handler: every failure leaves as application/problem+json. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      if (error.status >= 500) request.log.warn({ code: error.code }, error.message);
      const retry = error.extra.context?.retry_after_s;
      if (error.code === ErrorCode.RateLimited && typeof retry === 'number') {
        reply.header('retry-after', String(Math.max(1, Math.ceil(retry))));
      }
      return sendProblem(reply, error.code, error.message, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const prefix = error.validationContext ?? 'body';
      const issues: FieldIssue[] = error.validation.map((v) => ({
        path: [prefix, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      return sendProblem(reply, ErrorCode.ValidationFailed, describe(issues), { errors: issues });
    }
    if (error instanceof ZodError) {
      const issues = issuesFromZod(error, '');
      return sendProblem(reply, ErrorCode.ValidationFailed, describe(issues), { errors: issues });
    }
    const fastifyError = error as FastifyError;
    const known =
      typeof fastifyError === 'object' && fastifyError !== null && fromFastifyError(fastifyError);
    if (known) return sendProblem(reply, known.code, known.detail);
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ error: dbErrorSummary(error) }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
      return sendProblem(
        reply,
        ErrorCode.DatabaseUnavailable,
        'The database is not reachable right now; try again in a few seconds',
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      ErrorCode.Internal,
      `An unexpected error occurred; quote request id ${String(request.id)} when reporting it`,
    );
  });
}
