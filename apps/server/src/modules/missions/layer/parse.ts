import { decodeUtf8 } from '../../../platform/utf8.js';
import { checkJsonSyntax, lineColumn, show } from './json-syntax.js';
import {
  LAYER_MAX_BYTES,
  LAYER_MAX_COMMENT_CHARS,
  LAYER_MAX_DEPTH,
  LAYER_MAX_NAME_CHARS,
  LAYER_MAX_TECHNIQUES,
  LAYER_MAX_WARNINGS,
} from './limits.js';

/**
 * ATT&CK Navigator layer files (layer format 4.0–4.5, written by Navigator 4.x/5.x; older
 * 2.x/3.x layers read the same way). Pure: no database, never throws. Only what a mission plan
 * needs is read: the layer's name, domain and format version, and its technique entries.
 */

export {
  LAYER_MAX_BYTES,
  LAYER_MAX_COMMENT_CHARS,
  LAYER_MAX_DEPTH,
  LAYER_MAX_NAME_CHARS,
  LAYER_MAX_TECHNIQUES,
  LAYER_MAX_WARNINGS,
} from './limits.js';

export interface LayerTechnique {
  external_id: string;
  tactic: string | null;
  score: number | null;
  comment: string | null;
  color: string | null;
  enabled: boolean;
}

export interface ParsedLayer {
  name: string;
  domain: string | null;
  version: string | null;
  techniques: LayerTechnique[];
}

export type LayerParseResult =
  { ok: true; layer: ParsedLayer; warnings: string[] } | { ok: false; error: string };

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;
const TACTIC = /^(?=.{1,64}$)[a-z]+(?:-[a-z]+)*$/;
const COLOR = /^(?:#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{1,32})$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const DOMAIN_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_VERSION = /^[234]\.\d+$/;
const DOMAINS: Readonly<Record<string, string>> = {
  'enterprise-attack': 'enterprise-attack',
  'mobile-attack': 'mobile-attack',
  'ics-attack': 'ics-attack',
  // Layer format 2.x/3.x names.
  'mitre-enterprise': 'enterprise-attack',
  'mitre-mobile': 'mobile-attack',
};

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only (never Object.prototype's `constructor`, `toString`, …). */
function own(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A short, escaped rendering of a user value for messages. */

/** Drops NUL (PostgreSQL text refuses it) and replaces lone surrogates with U+FFFD. */
function clean(s: string): string {
  return s
    .replace(/\0/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export function parseNavigatorLayer(input: Buffer | string): LayerParseResult {
  try {
    return parse(input);
  } catch (err) {
    // Not expected: the parser checks every value's type before using it.
    return {
      ok: false,
      error: `could not read the layer: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function parse(input: Buffer | string): LayerParseResult {
  let text: string;
  if (typeof input === 'string') {
    if (input.length > LAYER_MAX_BYTES || Buffer.byteLength(input, 'utf8') > LAYER_MAX_BYTES) {
      return { ok: false, error: `the layer file is larger than ${LAYER_MAX_BYTES} bytes` };
    }
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  } else if (Buffer.isBuffer(input)) {
    if (input.length > LAYER_MAX_BYTES) {
      return { ok: false, error: `the layer file is larger than ${LAYER_MAX_BYTES} bytes` };
    }
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return decoded;
    text = decoded.text;
  } else {
    return { ok: false, error: 'the layer must be given as a Buffer or a string' };
  }
  if (text.trim() === '') return { ok: false, error: 'the layer file is empty' };

  const problem = checkJsonSyntax(text);
  if (problem) {
    const where = `at position ${problem.pos} (${lineColumn(text, problem.pos)})`;
    return {
      ok: false,
      error: problem.depth
        ? `the JSON is nested deeper than ${LAYER_MAX_DEPTH} levels ${where}`
        : `not valid JSON ${where}: ${problem.reason}`,
    };
  }
  const root: unknown = JSON.parse(text);
  if (Array.isArray(root)) {
    return {
      ok: false,
      error: 'the JSON is an array, not a layer object (files of several layers are not supported)',
    };
  }
  if (!isObject(root)) return { ok: false, error: 'the JSON is not a layer object' };

  const rawTechniques = own(root, 'techniques') === undefined ? [] : own(root, 'techniques');
  if (!Array.isArray(rawTechniques)) {
    return { ok: false, error: `"techniques" must be an array, not ${show(rawTechniques)}` };
  }
  if (rawTechniques.length > LAYER_MAX_TECHNIQUES) {
    return {
      ok: false,
      error: `the layer has ${rawTechniques.length} technique entries; at most ${LAYER_MAX_TECHNIQUES} are allowed`,
    };
  }

  const warnings: string[] = [];
  let dropped = 0;
  const warn = (msg: string): void => {
    if (warnings.length < LAYER_MAX_WARNINGS) warnings.push(msg);
    else dropped++;
  };
  const layer: ParsedLayer = {
    name: readName(own(root, 'name'), warn),
    domain: readDomain(own(root, 'domain'), warn),
    version: readVersion(root, warn),
    techniques: [],
  };
  const seen = new Set<string>();
  rawTechniques.forEach((entry: unknown, index) => {
    const t = readTechnique(entry, `techniques[${index}]`, warn);
    // One technique under several tactics is normal in layers: the first entry wins.
    if (t && !seen.has(t.external_id)) {
      seen.add(t.external_id);
      layer.techniques.push(t);
    }
  });
  if (layer.techniques.length === 0) warn('the layer lists no techniques');
  if (dropped > 0) warnings.push(`… and ${dropped} more warnings`);
  return { ok: true, layer, warnings };
}

type Warn = (message: string) => void;

function readName(v: unknown, warn: Warn): string {
  const name = typeof v === 'string' ? clean(v).trim() : '';
  if (name === '') {
    warn(v === undefined ? 'the layer has no "name"' : `the layer "name" ${show(v)} is not usable`);
    return 'Untitled layer';
  }
  if (name.length <= LAYER_MAX_NAME_CHARS) return name;
  warn(`the layer name was cut to ${LAYER_MAX_NAME_CHARS} characters`);
  return truncate(name, LAYER_MAX_NAME_CHARS);
}

function readDomain(v: unknown, warn: Warn): string | null {
  const raw = typeof v === 'string' ? v.trim().toLowerCase() : '';
  const known = Object.hasOwn(DOMAINS, raw) ? DOMAINS[raw] : undefined;
  if (known) return known;
  if (v === undefined || v === null) warn('the layer has no "domain"');
  else if (raw.length <= 64 && DOMAIN_SHAPE.test(raw)) {
    warn(`the layer domain "${raw}" is not an ATT&CK domain (enterprise, mobile, ics)`);
    return raw;
  } else warn(`the layer "domain" ${show(v)} is not usable`);
  return null;
}

function readVersion(root: JsonObject, warn: Warn): string | null {
  const versions = own(root, 'versions');
  let v = isObject(versions) ? own(versions, 'layer') : undefined;
  if (v === undefined) v = own(root, 'version'); // layer format 2.x/3.x
  if (typeof v === 'number' && Number.isFinite(v)) v = v.toFixed(1);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 32) {
    warn(`the layer format version ${show(v)} is not usable`);
    return null;
  }
  const version = v.trim();
  if (!KNOWN_VERSION.test(version)) {
    warn(`layer format version "${version}" is unknown; it was read as format 4.5`);
  }
  return version;
}

function readTechnique(entry: unknown, where: string, warn: Warn): LayerTechnique | null {
  if (!isObject(entry)) {
    warn(`${where} is not an object; skipped`);
    return null;
  }
  const id = own(entry, 'techniqueID');
  if (typeof id !== 'string' || !TECHNIQUE_ID.test(id)) {
    warn(
      id === undefined
        ? `${where} has no "techniqueID"; skipped`
        : `${where} techniqueID ${show(id)} is not like T1234 or T1234.001; skipped`,
    );
    return null;
  }
  const at = `${where} (${id})`;
  /** A field absent, null or "" is unset (Navigator writes an unscored technique so). */
  const read = <T>(key: string, accept: (v: unknown) => T | undefined, unset: T, bad: string) => {
    const v = own(entry, key);
    if (v === undefined || v === null || v === '') return unset;
    const value = accept(v);
    if (value !== undefined) return value;
    warn(`${at}: ${key} ${show(v)} ${bad}`);
    return unset;
  };
  const matching = (re: RegExp) => (v: unknown) =>
    typeof v === 'string' && re.test(v.trim()) ? v.trim() : undefined;
  const comment = (v: unknown): string | null | undefined => {
    if (typeof v !== 'string') return undefined;
    const text = clean(v);
    if (text.length <= LAYER_MAX_COMMENT_CHARS) return text === '' ? null : text;
    warn(`${at}: comment cut from ${text.length} to ${LAYER_MAX_COMMENT_CHARS} characters`);
    return truncate(text, LAYER_MAX_COMMENT_CHARS);
  };
  return {
    external_id: id,
    tactic: read('tactic', matching(TACTIC), null, 'is not a tactic shortname; ignored'),
    // Some generators write scores as strings ("50"): read those as numbers.
    score: read('score', score, null, 'is not a number; ignored'),
    comment: read('comment', comment, null, 'is not a string; ignored'),
    color: read('color', matching(COLOR), null, 'is not a hex or named color; ignored'),
    enabled: read(
      'enabled',
      (v) => (typeof v === 'boolean' ? v : undefined),
      true,
      'is not a boolean; read as true',
    ),
  };
}

function score(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined; // 1e999 parses as Infinity
  return typeof v === 'string' && NUMERIC.test(v.trim()) ? Number(v) : undefined;
}
