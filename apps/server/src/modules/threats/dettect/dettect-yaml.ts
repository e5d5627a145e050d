import type { FieldIssue } from '@metamorph/contract';
import { LineCounter, isAlias, isNode, parseAllDocuments, visit, type Document } from 'yaml';
import { scanProblem } from '../../library/index.js';

/** A parsed DeTT&CT file and where each path of it sits in the text. */
export interface LoadedYaml {
  value: unknown;
  /** 1-based line of the node at a path (e.g. ['techniques', 3, 'technique_id']), or null. */
  lineOf(path: ReadonlyArray<string | number>): number | null;
}

const at = (lines: LineCounter, offset: number | undefined) =>
  offset === undefined ? null : lines.linePos(offset).line;

/** Refuses aliases, anchors and explicit tags: a DeTT&CT file needs none. */
function unsafeNode(doc: Document, lines: LineCounter): FieldIssue | null {
  let found: FieldIssue | null = null;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      found = {
        path: 'content',
        message: `uses a YAML alias at line ${at(lines, node.range?.[0])}: aliases are refused`,
      };
      return visit.BREAK;
    }
    if (isNode(node) && (node.anchor || node.tag)) {
      const what = node.anchor ? 'anchor' : `tag ${node.tag}`;
      found = {
        path: 'content',
        message: `uses a YAML ${what} at line ${at(lines, node.range?.[0])}: anchors and tags are refused`,
      };
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/**
 * Safe YAML for DeTT&CT files: the lexer scan of the Atomic Red Team import first (nesting,
 * token count), then one document of the core schema with unique keys and no aliases,
 * anchors or tags. Never throws: problems come back as field issues.
 */
export function loadDettectYaml(
  text: string,
): { ok: true; doc: LoadedYaml } | { ok: false; errors: FieldIssue[] } {
  const unsafe = scanProblem(text);
  if (unsafe !== null)
    return { ok: false, errors: [{ path: 'content', message: `is refused: ${unsafe}` }] };
  try {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, {
      schema: 'core',
      uniqueKeys: true,
      lineCounter: lines,
      prettyErrors: false,
    });
    if (!Array.isArray(docs) || docs.length !== 1) {
      return {
        ok: false,
        errors: [{ path: 'content', message: 'must hold exactly one YAML document' }],
      };
    }
    const doc = docs[0]!;
    const problems = [...doc.errors, ...doc.warnings].slice(0, 20);
    if (problems.length > 0) {
      return {
        ok: false,
        errors: problems.map((e) => ({
          path: 'content',
          message: `invalid YAML at line ${at(lines, e.pos[0]) ?? '?'}: ${e.message.split('\n', 1)[0]}`,
        })),
      };
    }
    const bad = unsafeNode(doc, lines);
    if (bad) return { ok: false, errors: [bad] };
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    return {
      ok: true,
      doc: {
        value,
        lineOf: (path) => {
          const node: unknown = doc.getIn(path, true);
          return isNode(node) ? at(lines, node.range?.[0]) : null;
        },
      },
    };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n', 1)[0] : String(err);
    return {
      ok: false,
      errors: [{ path: 'content', message: `could not be read as YAML: ${message}` }],
    };
  }
}
