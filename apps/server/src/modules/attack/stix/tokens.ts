import type { Readable } from 'node:stream';
import { parser } from 'stream-json';
import Assembler from 'stream-json/assembler.js';
import type parserCore from 'stream-json/core/parser.js';
import { PermanentJobError } from '../../../platform/jobs/types.js';
import { invalidBundle } from './fields.js';
import type { StixObject } from './types.js';

type Token = parserCore.Token;

export interface BundleHeader {
  type: string | null;
  specVersion: string | null;
  sawObjects: boolean;
  /** false for empty input. */
  sawValue: boolean;
}

export interface StreamOptions {
  /** Longest string (value or key) accepted, in characters. */
  maxFieldChars: number;
  signal?: AbortSignal;
}

/**
 * Streams a STIX bundle: calls `onObject` for each element of its top-level `objects`
 * array, one assembled object at a time, so the whole tree is never held in memory.
 * Strings arrive in chunks and are measured before they are complete.
 */
export function streamBundle(
  input: Readable,
  onObject: (obj: StixObject, index: number) => void,
  opts: StreamOptions,
): Promise<BundleHeader> {
  const header: BundleHeader = {
    type: null,
    specVersion: null,
    sawObjects: false,
    sawValue: false,
  };
  const tokens = parser.asStream({ streamStrings: true, streamNumbers: false, streamKeys: false });
  const asm = new Assembler();
  let depth = 0;
  let inObjects = false;
  let topKey: string | null = null;
  let stringChars = 0;
  let index = 0;

  const handle = (tok: Token): void => {
    switch (tok.name) {
      case 'startString':
        stringChars = 0;
        return;
      case 'stringChunk':
        stringChars += tok.value.length;
        if (stringChars > opts.maxFieldChars) {
          throw invalidBundle(`a string longer than ${opts.maxFieldChars} characters`);
        }
        return;
      case 'endString':
        return;
      case 'keyValue':
        if (tok.value.length > opts.maxFieldChars) {
          throw invalidBundle(`a key longer than ${opts.maxFieldChars} characters`);
        }
        break;
      default:
        break;
    }
    if (depth === 0 && tok.name !== 'startObject') {
      throw invalidBundle('the top-level JSON value is not an object (not a STIX bundle)');
    }
    header.sawValue = true;
    if (inObjects && depth >= 2) {
      asm.consume(tok);
      if (tok.name === 'startObject' || tok.name === 'startArray') depth++;
      else if (tok.name === 'endObject' || tok.name === 'endArray') depth--;
      if (depth === 2 && asm.done) {
        const value: unknown = asm.current;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw invalidBundle(`objects[${index}] is not an object`);
        }
        onObject(value as StixObject, index++);
      }
      if (depth === 1) inObjects = false;
      return;
    }
    if (tok.name === 'startObject' || tok.name === 'startArray') {
      depth++;
      if (depth === 2 && topKey === 'objects') {
        if (tok.name !== 'startArray') throw invalidBundle('"objects" is not an array');
        inObjects = true;
        header.sawObjects = true;
      }
      return;
    }
    if (tok.name === 'endObject' || tok.name === 'endArray') {
      depth--;
      return;
    }
    if (depth === 1 && tok.name === 'keyValue') {
      topKey = tok.value;
      return;
    }
    if (depth === 1 && tok.name === 'stringValue') {
      if (topKey === 'type') header.type = tok.value;
      if (topKey === 'spec_version') header.specVersion = tok.value;
    }
  };

  return new Promise<BundleHeader>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      input.unpipe(tokens);
      input.destroy();
      tokens.destroy();
      if (err instanceof PermanentJobError) reject(err);
      else if (opts.signal?.aborted) reject(opts.signal.reason);
      else
        reject(
          invalidBundle(`not valid JSON (${err instanceof Error ? err.message : String(err)})`),
        );
    };
    const onAbort = (): void => fail(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    tokens.on('data', (tok: Token) => {
      if (failed) return;
      try {
        handle(tok);
      } catch (err) {
        fail(err);
      }
    });
    tokens.on('error', fail);
    input.on('error', (err) => {
      failed = true;
      tokens.destroy();
      reject(err);
    });
    tokens.on('end', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (failed) return;
      if (depth !== 0) fail(new Error('unexpected end of input'));
      else resolve(header);
    });
    input.pipe(tokens);
  });
}
