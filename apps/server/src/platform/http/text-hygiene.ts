import type { FieldIssue } from '@metamorph/contract';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { validationFailed } from '../errors.js';

/**
 * Text PostgreSQL cannot store, handled once for every route before its schema is checked:
 *
 * - **NUL** (U+0000) — PostgreSQL text cannot hold it, and real tool output has it (UTF-16
 *   text, binary banners): it is kept visible as U+FFFD, the replacement character, one for
 *   each NUL, in every string of every body, query and params (keys included). Invalid
 *   UTF-8 in a JSON body already decodes to U+FFFD, so both arrive the same way.
 * - **lone surrogates** (`"\ud800"` in JSON): not Unicode text at all; 422 naming the field.
 */
export const NUL_REPLACEMENT = '\uFFFD';

/** NUL → U+FFFD in one string (multipart fields, which no schema validator sees). */
export const replaceNul = (s: string): string =>
  s.includes('\u0000') ? s.replaceAll('\u0000', NUL_REPLACEMENT) : s;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_ISSUES = 20;

interface Path {
  parent: Path | undefined;
  key: string;
}
const pathOf = (p: Path | undefined): string => {
  const keys: string[] = [];
  for (let at = p; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
};

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/**
 * Replaces NUL in every string of a parsed request part, in place (the part is the request's
 * own freshly parsed copy), and lists the fields holding a lone surrogate. Iterative, so a
 * deeply nested body cannot exhaust the stack.
 */
export function cleanText(
  value: unknown,
  prefix: string,
): { value: unknown; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const root: Path = { parent: undefined, key: prefix };
  const fix = (s: string, at: Path): string => {
    if (LONE_SURROGATE.test(s) && issues.length < MAX_ISSUES) {
      issues.push({
        path: pathOf(at),
        message: 'contains a lone UTF-16 surrogate (e.g. \\ud800): text must be valid Unicode',
      });
    }
    return replaceNul(s);
  };
  if (typeof value === 'string') return { value: fix(value, root), issues };
  if (!isContainer(value)) return { value, issues };
  const stack: { node: Container; at: Path }[] = [{ node: value, at: root }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { node, at } = stack.pop() as { node: Container; at: Path };
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        const here = { parent: at, key: String(i) };
        if (typeof item === 'string') node[i] = fix(item, here);
        else if (isContainer(item)) stack.push({ node: item, at: here });
      });
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      const clean = fix(key, { parent: at, key });
      const here = { parent: at, key: clean };
      if (clean !== key) {
        delete node[key];
        node[clean] = item;
      }
      if (typeof item === 'string') node[clean] = fix(item, here);
      else if (isContainer(item)) stack.push({ node: item, at: here });
    }
  }
  return { value, issues };
}

/**
 * The zod validator compiler with the text rules above applied first, so every route with a
 * schema for its body, query or params gets them and none can forget.
 */
export const textHygieneValidatorCompiler: FastifySchemaCompiler<ZodType> = (route) => {
  const validate = validatorCompiler(route);
  const prefix = route.httpPart ?? 'body';
  return (data: unknown) => {
    const { value, issues } = cleanText(data, prefix);
    if (issues.length > 0) return { error: validationFailed(issues) };
    return validate(value);
  };
};
