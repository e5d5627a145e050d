import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { STAGING_DIR } from './fs-evidence-store.js';

export interface SweepResult {
  removed: number;
  bytes: number;
}

/** Temp files of the blob store (`FsBlobStore`), written beside the evidence in the same root. */
const BLOB_TEMP = /^\.tmp-[0-9a-f]+$/;
/** Uploads being received (`FsEvidenceStore.stage`, archive imports). */
const STAGED = /\.part$/;

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function removeIfOlder(file: string, cutoff: Date, into: SweepResult): Promise<void> {
  try {
    const st = await lstat(file);
    // Regular files only (never through a symlink); mtime moves with every chunk written.
    if (!st.isFile() || st.mtime >= cutoff) return;
    await unlink(file);
    into.removed++;
    into.bytes += st.size;
  } catch (err) {
    // Committed (renamed) or discarded by its upload meanwhile: nothing to do.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Deletes staged uploads (`<root>/.staging/*.part`) and blob temp files (`<root>/.tmp-*`) last
 * written before `cutoff`: what a process killed mid-upload leaves behind. Nothing else is touched.
 */
export async function sweepStaleStaging(root: string, cutoff: Date): Promise<SweepResult> {
  const result: SweepResult = { removed: 0, bytes: 0 };
  const staging = path.join(root, STAGING_DIR);
  for (const name of await names(staging)) {
    if (STAGED.test(name)) await removeIfOlder(path.join(staging, name), cutoff, result);
  }
  for (const name of await names(root)) {
    if (BLOB_TEMP.test(name)) await removeIfOlder(path.join(root, name), cutoff, result);
  }
  return result;
}

export interface JanitorOptions {
  root: string;
  /** The S3 evidence store, whose staged objects are swept the same way. */
  s3?: { sweepStaging(cutoff: Date): Promise<SweepResult> };
  log: {
    info(obj: SweepResult, msg: string): void;
    warn?(obj: { err: unknown }, msg: string): void;
  };
  /** A staged file untouched this long belongs to no live upload. */
  maxAgeMs: number;
  /**
   * At start, sweep everything written before this process started: true when no other process
   * can be receiving uploads into this root (the embedded database allows one server process).
   */
  sweepAllAtStart: boolean;
  /** Between periodic sweeps; the age limit (at most 10 minutes) unless given. */
  intervalMs?: number;
}

/** Sweeps at start (logging the count) and then periodically; `stop()` ends the timer. */
export function startStagingJanitor(opts: JanitorOptions): {
  first: Promise<SweepResult>;
  stop(): void;
} {
  const started = new Date();
  const describe = (r: SweepResult) =>
    `removed ${r.removed} stale staged upload${r.removed === 1 ? '' : 's'} (${r.bytes} bytes)`;
  const sweep = async (cutoff: Date): Promise<SweepResult> => {
    const local = await sweepStaleStaging(opts.root, cutoff);
    if (!opts.s3) return local;
    const remote = await opts.s3.sweepStaging(cutoff);
    return { removed: local.removed + remote.removed, bytes: local.bytes + remote.bytes };
  };
  const first = sweep(
    opts.sweepAllAtStart ? started : new Date(started.getTime() - opts.maxAgeMs),
  ).then((r) => {
    opts.log.info(r, describe(r));
    return r;
  });
  let running = false;
  const timer = setInterval(
    () => {
      if (running) return;
      running = true;
      sweep(new Date(Date.now() - opts.maxAgeMs))
        .then((r) => {
          if (r.removed > 0) opts.log.info(r, describe(r));
        })
        .catch((err: unknown) => opts.log.warn?.({ err }, 'staging sweep failed'))
        .finally(() => {
          running = false;
        });
    },
    opts.intervalMs ?? Math.min(opts.maxAgeMs, 10 * 60_000),
  );
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
