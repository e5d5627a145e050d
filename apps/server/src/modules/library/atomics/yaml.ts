import { Lexer, LineCounter, isScalar, parseAllDocuments, visit, type Document } from 'yaml';

/** The largest Atomic Red Team file read (the largest upstream file is about 90 KB). */
export const ATOMICS_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Aliases allowed while building a document's value. ART files use none; a small cap makes
 * alias bombs ("billion laughs") fail at once instead of eating memory.
 */
export const ATOMICS_MAX_ALIAS_COUNT = 50;

/**
 * Nesting allowed: flow collections (`[`, `{`) open at once, and block indicators (`-`, `?`,
 * `:`) on one line. ART files need under 10. yaml's parser and composer take memory and stack in
 * proportion to the depth, so a few MB of `[[[[` or `- - - -` would exhaust the heap: such text
 * is refused by a linear scan of the lexer's tokens before it is parsed.
 */
export const ATOMICS_MAX_NESTING = 64;

/**
 * Lexer tokens allowed in one file (the largest ART file, 94 KB, has about 7,600). yaml keeps
 * several hundred bytes per node, so a 5 MiB file of tiny items (`[1,1,1,…]`) would take GBs.
 */
export const ATOMICS_MAX_YAML_TOKENS = 100_000;

export type Loaded = { ok: true; value: unknown } | { ok: false; error: string };

/** The first line of a yaml error message (the rest is a source excerpt). */
function firstLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() ?? message;
}

/**
 * Why `text` is unsafe to hand to the YAML parser (too deep, too many tokens), or null.
 * A linear scan of the lexer's tokens that stops at the first excess.
 */
export function scanProblem(
  text: string,
  maxNesting = ATOMICS_MAX_NESTING,
  maxTokens = ATOMICS_MAX_YAML_TOKENS,
): string | null {
  let flow = 0;
  let onLine = 0;
  let tokens = 0;
  for (const token of new Lexer().lex(text)) {
    if (++tokens > maxTokens) return `it has more than ${maxTokens} YAML tokens`;
    if (token === '[' || token === '{') {
      if (++flow > maxNesting) return `flow collections nest more than ${maxNesting} levels deep`;
    } else if (token === ']' || token === '}') {
      flow = Math.max(0, flow - 1);
    } else if (token === '-' || token === '?' || token === ':') {
      if (++onLine > maxNesting) {
        return `block collections nest more than ${maxNesting} levels deep on one line`;
      }
    } else if (token.startsWith('\n') || token.startsWith('\r')) {
      onLine = 0;
    }
  }
  return null;
}

/**
 * The first duplicate key of any mapping, in linear time (yaml's own `uniqueKeys` check compares
 * each key with every earlier one: quadratic, so a file of many keys would take minutes).
 */
function duplicateKey(doc: Document, lines: LineCounter): string | null {
  let found: string | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key: unknown = pair.key.value;
        if (seen.has(key)) {
          const at = pair.key.range ? lines.linePos(pair.key.range[0]) : null;
          const where = at ? ` at line ${at.line}, column ${at.col}` : '';
          found = `the key "${String(key)}" appears twice in one mapping${where}`;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Parses one YAML document.
 *
 * Schema: the failsafe schema plus `null` and `bool` (YAML 1.2 core spellings), so every other
 * scalar stays a string exactly as written: `default: 16.0` gives "16.0" and `0755` stays
 * "0755" instead of turning into numbers. Duplicate keys, syntax errors, several documents and
 * an excessive alias count are errors. Never throws.
 */
export function loadYaml(text: string): Loaded {
  try {
    const unsafe = scanProblem(text);
    if (unsafe !== null) return { ok: false, error: `the YAML is refused: ${unsafe}` };
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, {
      schema: 'failsafe',
      customTags: ['null', 'bool'],
      uniqueKeys: false, // checked by duplicateKey, in linear time
      prettyErrors: true,
      lineCounter: lines,
    });
    if (!Array.isArray(docs)) return { ok: false, error: 'the file is not YAML' };
    if (docs.length === 0) return { ok: false, error: 'the file is empty' };
    if (docs.length > 1) {
      return {
        ok: false,
        error: `the file holds ${docs.length} YAML documents; an atomics file holds exactly one`,
      };
    }
    const doc = docs[0]!;
    if (doc.errors.length > 0) {
      const shown = doc.errors.slice(0, 3).map((e) => firstLine(e.message));
      const more = doc.errors.length > 3 ? ` (and ${doc.errors.length - 3} more)` : '';
      return { ok: false, error: `invalid YAML: ${shown.join('; ')}${more}` };
    }
    const duplicate = duplicateKey(doc, lines);
    if (duplicate !== null) return { ok: false, error: `invalid YAML: ${duplicate}` };
    return { ok: true, value: doc.toJS({ maxAliasCount: ATOMICS_MAX_ALIAS_COUNT }) as unknown };
  } catch (err) {
    if (err instanceof ReferenceError && /excessive alias count/i.test(err.message)) {
      return {
        ok: false,
        error: `the file uses too many YAML aliases (more than ${ATOMICS_MAX_ALIAS_COUNT}): refused as a possible alias bomb`,
      };
    }
    if (err instanceof RangeError) {
      return { ok: false, error: `the YAML could not be read: ${err.message}` };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `the YAML could not be read: ${firstLine(message)}` };
  }
}
