import type { ExecutionImportFile } from '@metamorph/contract';
import { decodeUtf8 } from '../../../platform/utf8.js';
import type { ExecutionFacts } from '../facts.js';
import { looksLikeArtCsv, parseArtCsv } from './art-csv.js';
import { FileRefused, looksLikeAttire, parseAttire } from './attire.js';
import { looksLikeCaldera, parseCaldera } from './caldera.js';

export interface ParsedFile {
  file: ExecutionImportFile;
  facts: ExecutionFacts[];
}

/**
 * Text of a tool's log: UTF-8 (BOM or not) or UTF-16 with its BOM (Windows PowerShell writes
 * both). NUL becomes U+FFFD and lone surrogates of JSON escapes too — real tool output holds
 * them, and the platform keeps no NUL in text (docs/architecture.md, "Input at the boundary").
 */
function decode(content: Buffer): string {
  let textContent: string;
  if (content.length >= 2 && content[0] === 0xff && content[1] === 0xfe) {
    textContent = new TextDecoder('utf-16le').decode(content.subarray(2));
  } else if (content.length >= 2 && content[0] === 0xfe && content[1] === 0xff) {
    textContent = new TextDecoder('utf-16be').decode(content.subarray(2));
  } else {
    const utf8 = decodeUtf8(content);
    if (!utf8.ok) throw new FileRefused(`The file is not text: ${utf8.error}`);
    textContent = utf8.text;
  }
  return textContent.replaceAll('\u0000', '\uFFFD');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Well-formed text everywhere in a parsed JSON value (lone surrogates → U+FFFD). */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)]));
  }
  return value;
}

/** Recognises the format by content (not by name) and parses it; a refused file has `error`. */
export function parseExecutionFile(name: string, content: Buffer): ParsedFile {
  try {
    const body = decode(content);
    const trimmed = body.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let doc: unknown;
      try {
        doc = JSON.parse(body);
      } catch (err) {
        throw new FileRefused(`Malformed JSON: ${(err as Error).message.slice(0, 200)}`);
      }
      if (looksLikeAttire(doc)) {
        const facts = parseAttire(name, wellFormed(doc));
        return { file: { name, format: 'attire', error: null, procedures: facts.length }, facts };
      }
      if (looksLikeCaldera(doc)) {
        const facts = parseCaldera(name, wellFormed(doc));
        return { file: { name, format: 'caldera', error: null, procedures: facts.length }, facts };
      }
      throw new FileRefused(
        Array.isArray(doc) && doc.length === 0
          ? 'An empty JSON list: a Caldera event log with no events, or not a log at all'
          : 'A JSON file that is not an ATTiRe log (no "attire-version") and not a Caldera operation report, event log or operation (no "steps", "chain" or event fields)',
      );
    }
    if (looksLikeArtCsv(trimmed.slice(0, 4096))) {
      const facts = parseArtCsv(name, body);
      return { file: { name, format: 'art_csv', error: null, procedures: facts.length }, facts };
    }
    throw new FileRefused(
      'Neither an ATTiRe JSON log nor a Caldera operation report (JSON) nor an Invoke-AtomicRedTeam CSV log (header with "Execution Time (UTC)", "Technique", "GUID")',
    );
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    return { file: { name, format: null, error: err.message, procedures: 0 }, facts: [] };
  }
}
