import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { RefusalReason } from './address-policy.js';
import { OutboundError, guardedLookup, urlProblem, type ResolveAll } from './guard.js';

export interface OutboundLimits {
  /** Until the answer's headers arrive. */
  connectTimeoutMs: number;
  /** Longest pause between two chunks of the body. */
  idleTimeoutMs: number;
  /** The whole exchange, redirects and body included. */
  totalTimeoutMs: number;
  /** Largest body; a larger declared length is refused before reading. */
  maxBytes: number;
  /** Redirects followed (each target checked again); 5 unless given. */
  maxRedirects?: number;
}

export interface OutboundResponse {
  /** The URL that answered (after redirects). */
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  /** The declared Content-Length, when there is one. */
  length: number | null;
  /** The body, at most `maxBytes`, failing with an OutboundError on a stall, cut or overrun. */
  body: AsyncIterable<Buffer>;
  /** Drops the body unread. */
  discard(): void;
}

/** What a request sends beyond the URL (GET without a body unless told). */
export interface OutboundRequest {
  method?: 'GET' | 'POST';
  /**
   * Extra headers (an API key…). Sent only to the URL's origin: a redirect to another origin
   * drops them, so a secret never follows a redirect elsewhere.
   */
  headers?: Record<string, string>;
  /** A body (POST); a 301/302/303 redirect turns the request into a GET without it. */
  body?: { contentType: string; data: Buffer };
}

export interface OutboundClientOptions {
  /** Read at every request: the admin setting `outbound.allow_private_targets`. */
  allowPrivate: () => Promise<boolean>;
  /** The resolver behind the guarded lookup (dns.lookup; tests pass a fake one). */
  resolve?: ResolveAll;
  /** The address rule (tests narrow it to exercise redirects). */
  refusal?: (ip: string) => RefusalReason | null;
  userAgent?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one way the server makes HTTP requests to URLs it was given (ATT&CK bundle, later webhooks
 * and Caldera): http(s) only, the private-address guard on the URL and again on every resolved
 * address at connect time and on every redirect, timeouts and a size cap. See DESIGN.md
 * ("Outbound HTTP").
 */
export class OutboundClient {
  constructor(private readonly opts: OutboundClientOptions) {}

  /** The problem with `href` that can be told before any request (422 at the route), or null. */
  async problemWith(href: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return 'is not a URL';
    }
    return urlProblem(url, {
      allowPrivate: await this.opts.allowPrivate(),
      refusal: this.opts.refusal,
    });
  }

  async get(href: string, limits: OutboundLimits, outer?: AbortSignal): Promise<OutboundResponse> {
    return this.request(href, {}, limits, outer);
  }

  async request(
    href: string,
    what: OutboundRequest,
    limits: OutboundLimits,
    outer?: AbortSignal,
  ): Promise<OutboundResponse> {
    const guard = { allowPrivate: await this.opts.allowPrivate(), refusal: this.opts.refusal };
    const lookup = guardedLookup(guard, this.opts.resolve);
    const total = AbortSignal.timeout(limits.totalTimeoutMs);
    const signal = outer ? AbortSignal.any([outer, total]) : total;
    const fail = (err: unknown, at: string): unknown => {
      if (err instanceof OutboundError) return err;
      if (outer?.aborted) return outer.reason;
      if (total.aborted) {
        return new OutboundError(at, `timed out after ${limits.totalTimeoutMs} ms`, 'timeout');
      }
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof OutboundError) return cause;
      const msg = err instanceof Error ? err.message : String(err);
      return new OutboundError(at, `failed: ${msg}`, 'network');
    };
    let url = new URL(href);
    const problem = urlProblem(url, guard);
    if (problem) throw new OutboundError(url.href, `refused: ${problem}`, 'refused');
    let res: IncomingMessage;
    try {
      const origin = url.origin;
      let sending: OutboundRequest = what;
      res = await this.send(url, sending, limits, signal, lookup);
      for (let hops = 0; REDIRECTS.has(res.statusCode ?? 0) && res.headers.location; hops++) {
        res.resume();
        if (hops >= (limits.maxRedirects ?? 5)) {
          throw new OutboundError(href, 'failed: too many redirects', 'refused');
        }
        const status = res.statusCode ?? 0;
        url = new URL(res.headers.location, url);
        const bad = urlProblem(url, guard);
        if (bad) throw new OutboundError(url.href, `refused (redirect): ${bad}`, 'refused');
        sending = {
          ...(status === 307 || status === 308 ? sending : { method: 'GET' }),
          headers: url.origin === origin ? what.headers : undefined,
        };
        res = await this.send(url, sending, limits, signal, lookup);
      }
    } catch (err) {
      throw fail(err, url.href);
    }
    const declared = Number(res.headers['content-length']);
    const length = Number.isFinite(declared) && declared >= 0 ? declared : null;
    if (length !== null && length > limits.maxBytes) {
      res.destroy();
      throw new OutboundError(
        url.href,
        `refused: ${length} bytes is over the limit of ${limits.maxBytes}`,
        'too_large',
      );
    }
    const at = url.href;
    const answered = res;
    async function* body(): AsyncGenerator<Buffer> {
      answered.setTimeout(limits.idleTimeoutMs, () =>
        answered.destroy(
          new OutboundError(at, `stalled: no data for ${limits.idleTimeoutMs} ms`, 'timeout'),
        ),
      );
      let size = 0;
      try {
        for await (const chunk of answered as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > limits.maxBytes) {
            throw new OutboundError(at, `stopped: more than ${limits.maxBytes} bytes`, 'too_large');
          }
          yield chunk;
        }
      } catch (err) {
        throw fail(err, at);
      } finally {
        answered.destroy();
      }
      if (length !== null && size !== length) {
        throw new OutboundError(at, `was cut short (${size} of ${length} bytes)`, 'network');
      }
    }
    return {
      url,
      status: res.statusCode ?? 0,
      headers: res.headers,
      length,
      body: body(),
      discard: () => answered.destroy(),
    };
  }

  private send(
    url: URL,
    what: OutboundRequest,
    limits: OutboundLimits,
    signal: AbortSignal,
    lookup: ReturnType<typeof guardedLookup>,
  ): Promise<IncomingMessage> {
    const client = url.protocol === 'https:' ? https : http;
    const body = what.method === 'POST' ? what.body : undefined;
    return new Promise((resolve, reject) => {
      const req = client.request(url, {
        method: what.method ?? 'GET',
        signal,
        lookup,
        agent: false,
        headers: {
          ...what.headers,
          'user-agent': this.opts.userAgent ?? 'metamorph',
          ...(body
            ? { 'content-type': body.contentType, 'content-length': String(body.data.length) }
            : {}),
        },
      });
      req.end(body?.data);
      const connect = setTimeout(
        () =>
          req.destroy(
            new OutboundError(
              url.href,
              `timed out connecting (${limits.connectTimeoutMs} ms)`,
              'timeout',
            ),
          ),
        limits.connectTimeoutMs,
      );
      req.on('response', (res) => {
        clearTimeout(connect);
        resolve(res);
      });
      req.on('error', (err) => {
        clearTimeout(connect);
        reject(err);
      });
    });
  }
}
