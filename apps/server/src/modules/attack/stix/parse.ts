import type { Readable } from 'node:stream';
import { BundleCollector } from './collect.js';
import { invalidBundle } from './fields.js';
import { resolveBundle } from './resolve.js';
import { streamBundle } from './tokens.js';
import type { ParsedBundle } from './types.js';

export interface ParseOptions {
  maxFieldChars?: number;
  signal?: AbortSignal;
  /** Called every `progressEvery` objects with the count so far. */
  onProgress?: (objects: number) => void;
  progressEvery?: number;
}

export const DEFAULT_MAX_FIELD_CHARS = 1024 * 1024;

/**
 * Parses an ATT&CK STIX 2.0 or 2.1 bundle from a byte stream. Every defect fails with a
 * PermanentJobError naming it ("Invalid ATT&CK bundle: …").
 */
export async function parseAttackBundle(
  input: Readable,
  opts: ParseOptions = {},
): Promise<ParsedBundle> {
  const collector = new BundleCollector();
  const every = opts.progressEvery ?? 1000;
  const header = await streamBundle(
    input,
    (obj, index) => {
      collector.add(obj, index);
      if (opts.onProgress && (index + 1) % every === 0) opts.onProgress(index + 1);
    },
    { maxFieldChars: opts.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS, signal: opts.signal },
  );
  if (!header.sawValue) throw invalidBundle('the file is empty (not valid JSON)');
  if (header.type !== 'bundle') {
    throw invalidBundle(
      header.type === null
        ? 'not a STIX bundle (no "type")'
        : `not a STIX bundle (type "${header.type.slice(0, 80)}")`,
    );
  }
  if (!header.sawObjects) throw invalidBundle('the bundle has no "objects" array');
  opts.onProgress?.(collector.objects);
  return resolveBundle(header, collector);
}
