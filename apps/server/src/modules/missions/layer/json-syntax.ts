/** A JSON syntax check that says where input goes wrong (JSON.parse often does not). */
import { LAYER_MAX_DEPTH } from './limits.js';

export interface SyntaxProblem {
  pos: number;
  reason: string;
  depth?: boolean;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * A strict JSON (RFC 8259) syntax check in one linear, non-recursive pass: the first problem
 * with its exact position (JSON.parse's messages often lack one), or nesting past `maxDepth`.
 */
export function checkJsonSyntax(s: string, maxDepth = LAYER_MAX_DEPTH): SyntaxProblem | null {
  const stack: boolean[] = []; // true: object, false: array
  let i = 0;
  const n = s.length;
  const ws = (): void => {
    for (
      let c = s.charCodeAt(i);
      c === 32 || c === 9 || c === 10 || c === 13;
      c = s.charCodeAt(++i)
    );
  };
  const at = (reason: string): SyntaxProblem => ({
    pos: i,
    reason: i >= n ? 'unexpected end of input' : reason,
  });
  const str = (): SyntaxProblem | null => {
    i++; // opening quote
    for (;;) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.exec(s);
      i = STRING_RUN.lastIndex;
      const c = s[i];
      if (c === '"') {
        i++;
        return null;
      }
      if (c !== '\\') return at(`control character ${show(c)} in a string`);
      const e = s[i + 1] ?? '';
      HEX4.lastIndex = i + 2;
      if (e !== '' && '"\\/bfnrt'.includes(e)) i += 2;
      else if (e === 'u' && HEX4.test(s)) i += 6;
      else return at('bad escape sequence in a string');
    }
  };
  const key = (): SyntaxProblem | null => {
    ws();
    if (s[i] !== '"') return at('expected a double-quoted property name');
    const p = str();
    if (p) return p;
    ws();
    if (s[i] !== ':') return at("expected ':' after a property name");
    i++;
    return null;
  };
  for (;;) {
    ws(); // a value starts here
    const c = s[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return { ...at(''), depth: true };
      i++;
      ws();
      if (s[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c === '{');
        const p = c === '{' ? key() : null;
        if (p) return p;
        continue;
      }
    } else if (c === '"') {
      const p = str();
      if (p) return p;
    } else if (s.startsWith('true', i) || s.startsWith('null', i)) i += 4;
    else if (s.startsWith('false', i)) i += 5;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(s)) return at(`unexpected character ${show(c)}`);
      i = NUMBER.lastIndex;
    }
    for (;;) {
      ws(); // after a value
      const top = stack.at(-1);
      if (top === undefined) return i < n ? at('unexpected data after the JSON value') : null;
      const close = top ? '}' : ']';
      if (s[i] === close) {
        i++;
        stack.pop();
      } else if (s[i] === ',') {
        i++;
        const p = top ? key() : null;
        if (p) return p;
        break;
      } else return at(`expected ',' or '${close}'`);
    }
  }
}

export function lineColumn(s: string, pos: number): string {
  const before = s.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}

/** Parses a Navigator layer file; every defect is a warning or an `ok: false` error. */

/** A short printable form of a value for messages. */
export function show(v: unknown): string {
  const s = typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
