import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { PermanentJobError } from '../../platform/jobs/types.js';
import type { Env } from '../../env.js';

type AttackLimits = Env['attack'];

export interface Downloaded {
  file: string;
  sha256: string;
  size: number;
}

const MAX_REDIRECTS = 5;

function get(url: URL, limits: AttackLimits, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!client) throw new PermanentJobError(`Download refused: ${url.protocol} is not http(s)`);
  return new Promise((resolve, reject) => {
    const req = client.get(url, { signal, headers: { 'user-agent': 'metamorph-attack-sync' } });
    const connect = setTimeout(
      () =>
        req.destroy(
          new PermanentJobError(
            `Download of ${url.href} timed out connecting (${limits.connectTimeoutMs} ms)`,
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

/**
 * Streams a URL to a temp file under `dir`, hashing it on the way: refuses non-2xx
 * answers, stops at `maxBytes`, after `idleTimeoutMs` without data and after
 * `totalTimeoutMs` overall. Every failure is a PermanentJobError naming the problem.
 */
export async function downloadToFile(
  href: string,
  dir: string,
  limits: AttackLimits,
  outer: AbortSignal,
  onBytes: (received: number, total: number | null) => void = () => undefined,
): Promise<Downloaded> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `attack-${randomBytes(8).toString('hex')}.json`);
  const total = AbortSignal.timeout(limits.totalTimeoutMs);
  const signal = AbortSignal.any([outer, total]);
  try {
    let url = new URL(href);
    let res = await get(url, limits, signal);
    for (let hops = 0; res.statusCode && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      const location = res.headers.location;
      res.resume();
      if (!location || hops >= MAX_REDIRECTS) {
        throw new PermanentJobError(`Download of ${href} failed: too many redirects`);
      }
      url = new URL(location, url);
      res = await get(url, limits, signal);
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      res.resume();
      throw new PermanentJobError(`Download of ${url.href} failed: HTTP ${status}`);
    }
    const declared = Number(res.headers['content-length']);
    const length = Number.isFinite(declared) && declared >= 0 ? declared : null;
    if (length !== null && length > limits.maxBytes) {
      res.destroy();
      throw new PermanentJobError(
        `Download of ${url.href} refused: ${length} bytes is over the limit of ${limits.maxBytes}`,
      );
    }
    return await save(res, file, url.href, length, limits, onBytes);
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof PermanentJobError) throw err;
    if (outer.aborted) throw outer.reason;
    if (total.aborted) {
      throw new PermanentJobError(
        `Download of ${href} timed out after ${limits.totalTimeoutMs} ms`,
      );
    }
    const msg = err instanceof Error ? err.message : String(err);
    throw new PermanentJobError(`Download of ${href} failed: ${msg}`);
  }
}

function save(
  res: IncomingMessage,
  file: string,
  href: string,
  length: number | null,
  limits: AttackLimits,
  onBytes: (received: number, total: number | null) => void,
): Promise<Downloaded> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let done = false;
    const fail = (err: Error): void => {
      if (done) return;
      done = true;
      res.destroy();
      out.destroy();
      reject(err);
    };
    res.setTimeout(limits.idleTimeoutMs, () =>
      fail(
        new PermanentJobError(
          `Download of ${href} stalled: no data for ${limits.idleTimeoutMs} ms`,
        ),
      ),
    );
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        fail(
          new PermanentJobError(`Download of ${href} stopped: more than ${limits.maxBytes} bytes`),
        );
        return;
      }
      hash.update(chunk);
      onBytes(size, length);
    });
    res.on('error', fail);
    res.on('aborted', () => fail(new Error('the server closed the connection early')));
    out.on('error', fail);
    res.pipe(out);
    out.on('finish', () => {
      if (done) return;
      if (length !== null && size !== length) {
        fail(
          new PermanentJobError(`Download of ${href} was cut short (${size} of ${length} bytes)`),
        );
        return;
      }
      done = true;
      resolve({ file, sha256: hash.digest('hex'), size });
    });
  });
}
