import {
  EXECUTION_IMPORT_LIMITS,
  ErrorCode,
  type CalderaOperation,
  type CalderaOperationsRequest,
} from '@metamorph/contract';
import type { AppContext } from '../../../context.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { OutboundLimits, OutboundRequest } from '../../../platform/outbound/client.js';
import { OutboundError } from '../../../platform/outbound/guard.js';
import { calderaShape } from '../formats/caldera-shapes.js';

/**
 * A Caldera server's REST API v2 (`/api/v2/…`, API key in the `KEY` header), called through the
 * platform's outbound client. The key lives only in this call's memory: it is never stored,
 * logged or put in an error message. Every failure is a DomainError: 422 naming `body.url` for a
 * refused address, 502 (`upstream_failed`) naming what Caldera did (upstream status, timeout…).
 */

export interface CalderaTarget {
  base: URL;
  key: string;
}

/** The server's root from what the user pasted (`https://c2:8888`, `…/api/v2/`, `…/#/…`). */
export function calderaTarget(req: CalderaOperationsRequest): CalderaTarget {
  const base = new URL(req.url);
  base.hash = '';
  base.search = '';
  base.pathname = base.pathname.replace(/\/+$/, '').replace(/\/api(\/v2)?$/, '') + '/';
  return { base, key: req.api_key };
}

const upstream = (detail: string, status?: number) =>
  new DomainError(ErrorCode.UpstreamFailed, detail, {
    context: status === undefined ? {} : { upstream_status: status },
  });

/** One API call answering JSON; `what` names it in errors ("the operation list"). */
async function callJson(
  ctx: AppContext,
  target: CalderaTarget,
  path: string,
  what: string,
  request: OutboundRequest,
  timeoutMs: number,
): Promise<unknown> {
  const url = new URL(path, target.base);
  const where = `Caldera at ${target.base.origin}`;
  const limits: OutboundLimits = {
    connectTimeoutMs: Math.min(timeoutMs, 10_000),
    idleTimeoutMs: Math.min(timeoutMs, 30_000),
    totalTimeoutMs: timeoutMs,
    maxBytes: EXECUTION_IMPORT_LIMITS.maxFileBytes,
    maxRedirects: 2,
  };
  const headers = { ...request.headers, KEY: target.key, accept: 'application/json' };
  const chunks: Buffer[] = [];
  let status: number;
  let type: string;
  try {
    const res = await ctx.outbound.request(url.href, { ...request, headers }, limits);
    status = res.status;
    type = String(res.headers['content-type'] ?? 'none').split(';')[0]!;
    if (status === 401 || status === 403) {
      res.discard();
      throw upstream(
        `${where} refused the API key (HTTP ${status}) for ${what}: use a red (or blue) API key from Caldera's configuration`,
        status,
      );
    }
    if (status === 404) {
      res.discard();
      throw upstream(
        `${where} has no ${what} (HTTP 404): check the operation and that the URL is the Caldera server's address`,
        status,
      );
    }
    if (status < 200 || status >= 300) {
      res.discard();
      throw upstream(`${where} failed to give ${what}: HTTP ${status}`, status);
    }
    for await (const chunk of res.body) chunks.push(chunk);
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    if (err.kind === 'refused') {
      throw validationFailed([{ path: 'body.url', message: `${err.url} ${err.problem}` }]);
    }
    if (err.kind === 'timeout') {
      throw upstream(`${where} did not answer in time for ${what} (${err.problem})`);
    }
    if (err.kind === 'too_large')
      throw upstream(`${where} sent too much for ${what}: ${err.problem}`);
    throw upstream(`Could not reach ${where} for ${what}: ${err.problem}`);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw upstream(
      `${where} answered ${what} with something that is not JSON (HTTP ${status}, ${type}): is the URL the Caldera server's address?`,
      status,
    );
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** `GET /api/v2/operations`: id, name, state, start of each, newest first. */
export async function listOperations(
  ctx: AppContext,
  target: CalderaTarget,
): Promise<CalderaOperation[]> {
  const fields = ['id', 'name', 'state', 'start'].map((f) => `include=${f}`).join('&');
  const doc = await callJson(
    ctx,
    target,
    `api/v2/operations?${fields}`,
    'the operation list',
    {},
    ctx.env.caldera.listTimeoutMs,
  );
  if (!Array.isArray(doc)) {
    throw upstream(
      `Caldera at ${target.base.origin} answered the operation list with JSON that is not a list of operations`,
    );
  }
  const items: CalderaOperation[] = [];
  for (const op of doc as unknown[]) {
    if (!op || typeof op !== 'object') continue;
    const o = op as Record<string, unknown>;
    const id = str(o.id);
    if (!id) continue;
    items.push({
      id,
      name: str(o.name) ?? id,
      state: str(o.state),
      start: str(o.start),
      links: Array.isArray(o.chain) ? o.chain.length : null,
    });
  }
  return items.sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''));
}

export interface FetchedOperation {
  name: string;
  /**
   * The operation report (with the agents' output) as Caldera answered it — or, where the
   * server has no report endpoint (404 / 405 / 501, or not a report), the operation itself.
   */
  report: Buffer;
  document: 'report' | 'operation';
  links: number;
}

/** Caldera answers that mean "no report here" rather than "something is wrong". */
const NO_REPORT = new Set([404, 405, 501]);

/**
 * `GET /api/v2/operations/{id}` (it exists, its name), then `POST /api/v2/operations/{id}/report`
 * with `enable_agent_output` — the operation report, as the UI downloads it, with output. A
 * server without that endpoint (or answering it with something else) gives its links instead.
 */
export async function fetchOperation(
  ctx: AppContext,
  target: CalderaTarget,
  operationId: string,
): Promise<FetchedOperation> {
  const where = `Caldera at ${target.base.origin}`;
  const path = `api/v2/operations/${encodeURIComponent(operationId)}`;
  const timeout = ctx.env.caldera.timeoutMs;
  const op = await callJson(ctx, target, path, `operation ${operationId}`, {}, timeout);
  if (calderaShape(op) !== 'operation') {
    throw upstream(`${where} answered operation ${operationId} with JSON that is not an operation`);
  }
  const name = str((op as Record<string, unknown>).name) ?? operationId;
  let report: unknown;
  try {
    report = await callJson(
      ctx,
      target,
      `${path}/report`,
      `the report of operation ${operationId}`,
      {
        method: 'POST',
        body: {
          contentType: 'application/json',
          data: Buffer.from(JSON.stringify({ enable_agent_output: true })),
        },
      },
      timeout,
    );
  } catch (err) {
    const status = err instanceof DomainError ? err.extra.context?.upstream_status : undefined;
    if (typeof status !== 'number' || !NO_REPORT.has(status)) throw err;
    report = null;
  }
  if (calderaShape(report) !== 'report') {
    // No report (an older or locked-down server): the operation's own links, without output.
    const chain = (op as { chain: unknown[] }).chain;
    return {
      name,
      report: Buffer.from(JSON.stringify(op)),
      document: 'operation',
      links: chain.length,
    };
  }
  const steps = Object.values((report as { steps: Record<string, { steps?: unknown }> }).steps);
  const links = steps.reduce((n, s) => n + (Array.isArray(s?.steps) ? s.steps.length : 0), 0);
  return { name, report: Buffer.from(JSON.stringify(report)), document: 'report', links };
}
