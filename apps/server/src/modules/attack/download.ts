import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PermanentJobError } from '../../platform/jobs/types.js';
import type { OutboundClient } from '../../platform/outbound/client.js';
import { OutboundError } from '../../platform/outbound/guard.js';
import type { Env } from '../../env.js';

type AttackLimits = Env['attack'];

export interface Downloaded {
  file: string;
  sha256: string;
  size: number;
}

/**
 * Streams a URL to a temp file under `dir` through the platform's outbound client (private
 * addresses refused unless an admin allows them, redirects re-checked, size cap, idle and total
 * timeouts), hashing it on the way; refuses non-2xx answers. Every failure is a
 * PermanentJobError naming the problem.
 */
export async function downloadToFile(
  outbound: OutboundClient,
  href: string,
  dir: string,
  limits: AttackLimits,
  signal: AbortSignal,
  onBytes: (received: number, total: number | null) => void = () => undefined,
): Promise<Downloaded> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `attack-${randomBytes(8).toString('hex')}.json`);
  try {
    const res = await outbound.get(href, limits, signal);
    if (res.status < 200 || res.status >= 300) {
      res.discard();
      throw new PermanentJobError(`Download of ${res.url.href} failed: HTTP ${res.status}`);
    }
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(
      res.body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          hash.update(chunk);
          onBytes(size, res.length);
          yield chunk;
        }
      },
      createWriteStream(file, { flags: 'wx', mode: 0o600 }),
    );
    return { file, sha256: hash.digest('hex'), size };
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof PermanentJobError) throw err;
    if (err instanceof OutboundError) {
      throw new PermanentJobError(`Download of ${err.url} ${err.problem}`);
    }
    if (signal.aborted) throw signal.reason;
    const msg = err instanceof Error ? err.message : String(err);
    throw new PermanentJobError(`Download of ${href} failed: ${msg}`);
  }
}
