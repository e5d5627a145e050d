import type { ZodError } from 'zod';

/**
 * Readers for values loaded by `loadYaml`: every scalar there is a string, a boolean or null
 * (see yaml.ts), so numbers never show up. Each reader returns the value or records a problem.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short name for the kind of a value, for messages. */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'boolean') return `a boolean (${String(v)})`;
  return `a ${typeof v}`;
}

/** Collects the problems of one test. */
export class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

/** An optional text field: absent or null gives null; a list, mapping or boolean is a problem. */
export function optText(v: unknown, field: string, p: Problems): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  p.add(`${field} must be text, not ${kindOf(v)}`);
  return null;
}

/** A text field that must be there and not blank. */
export function reqText(v: unknown, field: string, p: Problems): string | null {
  if (v === undefined || v === null) {
    p.add(`${field} is missing`);
    return null;
  }
  const s = optText(v, field, p);
  if (s !== null && s.trim() === '') {
    p.add(`${field} is empty`);
    return null;
  }
  return s;
}

/** A list of text values; a single text value is taken as a list of one. */
export function textList(v: unknown, field: string, p: Problems): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) {
    p.add(`${field} must be a list, not ${kindOf(v)}`);
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else p.add(`${field}[${i}] must be text, not ${kindOf(item)}`);
  });
  return out;
}

/** A boolean flag; absent or null is false. */
export function flag(v: unknown, field: string, p: Problems): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  p.add(`${field} must be true or false, not ${typeof v === 'string' ? `"${v}"` : kindOf(v)}`);
  return false;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(test)' : out;
}

/** Zod issues as "path: message" lines. */
export function issueMessages(error: ZodError): string[] {
  return error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`);
}
