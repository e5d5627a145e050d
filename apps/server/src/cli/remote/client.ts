import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ErrorBody, Job } from '@metamorph/contract';
import type { z } from 'zod';
import { watchJob } from '../progress.js';
import { EXIT, RemoteError, describeProblem, usageError } from './errors.js';
import type { RemoteIo } from './output.js';

export interface RemoteTarget {
  url: string;
  token: string;
}

export interface RequestOptions {
  /** A JSON body, or a FormData (multipart, streamed by fetch). */
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Default 60 s; uploads and downloads pass null (no limit). */
  timeoutMs?: number | null;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Resolves --url / METAMORPH_URL and --token / METAMORPH_TOKEN, refusing what cannot work. */
export function resolveTarget(
  opts: { url?: string; token?: string },
  env: RemoteIo['env'],
): RemoteTarget {
  const url = opts.url ?? env.METAMORPH_URL ?? 'http://127.0.0.1:8080';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url ${JSON.stringify(url)} is not a URL (like https://metamorph.example)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--url must be http:// or https://, not ${parsed.protocol}`);
  }
  const token = opts.token ?? env.METAMORPH_TOKEN;
  if (!token) {
    throw usageError(
      'an API token is needed: --token or METAMORPH_TOKEN (create one under My account → API tokens)',
    );
  }
  return { url: parsed.toString().replace(/\/+$/, ''), token };
}

/** The HTTP side of `metamorph remote`: Bearer token, problem+json errors, contract parsing. */
export class RemoteClient {
  constructor(
    private readonly target: RemoteTarget,
    private readonly io: RemoteIo,
  ) {}

  private href(p: string, query?: RequestOptions['query']): string {
    const u = new URL(this.target.url + p);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /** Sends one request; any answer but 2xx becomes a RemoteError (exit 2 for 4xx, else 3). */
  async send(method: string, p: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.target.token}`,
      accept: 'application/json',
      ...opts.headers,
    };
    let body: RequestInit['body'];
    if (opts.body instanceof FormData) body = opts.body;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = opts.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : opts.timeoutMs;
    let res: Response;
    try {
      res = await fetch(this.href(p, opts.query), {
        method,
        headers,
        body,
        signal: timeout === null ? undefined : AbortSignal.timeout(timeout),
      });
    } catch (err) {
      throw new RemoteError(EXIT.server, `cannot reach ${this.target.url}: ${reason(err)}`);
    }
    if (res.ok) return res;
    throw await failure(method, p, res);
  }

  /** Sends and parses the answer with the contract's schema. */
  async json<S extends z.ZodType>(
    method: string,
    p: string,
    schema: S,
    opts: RequestOptions = {},
  ): Promise<{ data: z.output<S>; res: Response }> {
    const res = await this.send(method, p, opts);
    return { data: await parseAnswer(method, p, res, schema), res };
  }

  /** Streams an answer's body to `file` (temp file + rename: never a partial file). */
  async download(p: string, file: string): Promise<number> {
    const res = await this.send('GET', p, { timeoutMs: null, headers: { accept: '*/*' } });
    if (!res.body) throw new RemoteError(EXIT.server, `GET ${p}: the answer had no body`);
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
    let bytes = 0;
    const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    source.on('data', (chunk: Buffer) => (bytes += chunk.length));
    try {
      await pipeline(source, createWriteStream(temp, { flush: true }));
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw new RemoteError(EXIT.server, `GET ${p}: could not write ${file}: ${reason(err)}`);
    }
    return bytes;
  }

  /** Follows a job with a progress bar on stderr; exit 4 unless it succeeded. */
  async followJob(job: Job, intervalMs = 300): Promise<Job> {
    const final = await watchJob(
      async () => (await this.json('GET', `/api/jobs/${encodeURIComponent(job.id)}`, Job)).data,
      { out: this.io.stderr, intervalMs },
    );
    if (final.status !== 'succeeded') {
      throw new RemoteError(
        EXIT.jobFailed,
        `job ${final.id} (${final.type}) ${final.status}: ${final.error ?? 'no error given'}`,
      );
    }
    return final;
  }
}

function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer in time';
  const cause: unknown = err.cause;
  return cause instanceof Error ? cause.message : err.message;
}

async function failure(method: string, p: string, res: Response): Promise<RemoteError> {
  const code = res.status >= 400 && res.status < 500 ? EXIT.refused : EXIT.server;
  const text = await res.text().catch(() => '');
  let problem: ErrorBody | undefined;
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    // not JSON: a proxy's page, say
  }
  if (problem) return new RemoteError(code, describeProblem(method, p, problem), problem);
  const requestId = res.headers.get('x-request-id');
  return new RemoteError(
    code,
    `${method} ${p}: HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 300)}` : ''}` +
      (requestId ? `\n  request id: ${requestId}` : ''),
  );
}

async function parseAnswer<S extends z.ZodType>(
  method: string,
  p: string,
  res: Response,
  schema: S,
): Promise<z.output<S>> {
  let value: unknown;
  try {
    value = await res.json();
  } catch {
    throw new RemoteError(EXIT.server, `${method} ${p}: the answer is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RemoteError(
      EXIT.server,
      `${method} ${p}: unexpected answer (is the server the same version?): ` +
        `${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}
