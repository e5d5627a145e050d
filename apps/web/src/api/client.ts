import { PROBLEM_CONTENT_TYPE } from '@metamorph/contract';
import type { z } from 'zod';
import { ApiError, ContractError, NetworkError, fallbackErrorBody, toErrorBody } from './errors';

export { ApiError, ContractError, NetworkError } from './errors';

export type SendMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Cancels the request (TanStack Query passes one to every query). */
  signal?: AbortSignal;
  /** Extra headers, e.g. `If-Match` for optimistic concurrency. */
  headers?: Record<string, string>;
}

/** Sent on every call; the server may require it as a CSRF guard. */
const REQUESTED_WITH = 'metamorph';
const ACCEPT = `application/json, ${PROBLEM_CONTENT_TYPE}`;

/** GET `path` and parse the JSON answer with `schema`. */
export function apiGet<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return request('GET', path, undefined, schema, options);
}

/** Send `body` as JSON with `method` and parse the answer with `schema`. */
export function apiSend<S extends z.ZodType>(
  method: SendMethod,
  path: string,
  body: unknown,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return request(method, path, body, schema, options);
}

/**
 * POST `form` as multipart/form-data (file uploads) and parse the answer with `schema`.
 * The browser sets the multipart boundary; errors are parsed like every other call.
 */
export function apiUpload<S extends z.ZodType>(
  path: string,
  form: FormData,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return request('POST', path, form, schema, options);
}

async function request<S extends z.ZodType>(
  method: 'GET' | SendMethod,
  path: string,
  body: unknown,
  schema: S,
  options: RequestOptions,
): Promise<z.output<S>> {
  const headers = new Headers(options.headers);
  headers.set('Accept', ACCEPT);
  headers.set('X-Requested-With', REQUESTED_WITH);
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.signal) init.signal = options.signal;
  if (body instanceof FormData) {
    // No Content-Type: fetch adds multipart/form-data with its boundary.
    init.body = body;
  } else if (body !== undefined) {
    headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    // An abort is the caller's decision, not a network failure: rethrow as is.
    if (options.signal?.aborted) throw cause;
    throw new NetworkError(method, path, cause);
  }

  const requestId = response.headers.get('X-Request-Id') ?? '';
  if (!response.ok) throw await toApiError(response, requestId);
  return parseSuccess(response, schema, { method, path, requestId });
}

async function toApiError(response: Response, requestId: string): Promise<ApiError> {
  const init = { status: response.status, statusText: response.statusText, requestId };
  if (isJson(response)) {
    const json = await readJson(response);
    if (json.ok) {
      const { body, problem } = toErrorBody(json.value, init);
      return new ApiError(response.status, body, problem);
    }
  }
  return new ApiError(response.status, fallbackErrorBody(init), false);
}

async function parseSuccess<S extends z.ZodType>(
  response: Response,
  schema: S,
  ctx: { method: string; path: string; requestId: string },
): Promise<z.output<S>> {
  const base = { ...ctx, status: response.status };
  let value: unknown = undefined;
  if (response.status !== 204 && response.headers.get('Content-Length') !== '0') {
    if (!isJson(response)) {
      const type = response.headers.get('Content-Type') ?? 'no content type';
      throw new ContractError({
        ...base,
        message: `Expected JSON from ${ctx.method} ${ctx.path} but received ${type}.`,
      });
    }
    const json = await readJson(response);
    if (!json.ok) {
      throw new ContractError({
        ...base,
        message: `The answer to ${ctx.method} ${ctx.path} is not valid JSON.`,
      });
    }
    value = json.value;
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) {
    throw new ContractError({
      ...base,
      message: `The answer to ${ctx.method} ${ctx.path} does not match the API contract.`,
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
}

function isJson(response: Response): boolean {
  const type = response.headers.get('Content-Type') ?? '';
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime === 'application/json' || mime === PROBLEM_CONTENT_TYPE || mime.endsWith('+json');
}

async function readJson(response: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: (await response.json()) as unknown };
  } catch {
    return { ok: false };
  }
}
