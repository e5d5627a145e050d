import type { RedactionPattern } from '@metamorph/contract';
import { BUILTIN_PATTERNS } from './builtin.js';

/** What replaces a masked secret. */
export const MASK = '[REDACTED]';

/**
 * Longest text a pattern is run over (per field). Every pattern is linear (recheck), and this
 * cap bounds the constant: what lies beyond is cut from the report, never printed unmasked.
 */
export const FIELD_CAP = 256 * 1024;

export interface CompiledPattern {
  name: string;
  re: RegExp;
  /** An admin's pattern: always masks what it finds (see Redactor). */
  admin?: boolean;
}

/** One masked span of a text: [start, end) in the input, and the pattern that found it. */
export interface RedactionSpan {
  start: number;
  end: number;
  pattern: string;
}

export interface RedactionResult {
  text: string;
  spans: RedactionSpan[];
}

/** Built-in patterns first (in their order), then the admin's, all with the `g` and `d` flags. */
export function compilePatterns(admin: readonly RedactionPattern[]): CompiledPattern[] {
  return [
    ...BUILTIN_PATTERNS.map((p) => ({ name: p.name, re: new RegExp(p.source, `${p.flags}gd`) })),
    ...admin.map((p) => ({
      name: p.name,
      re: new RegExp(p.pattern, `${p.flags ?? ''}gd`),
      admin: true,
    })),
  ];
}

interface Found extends RedactionSpan {
  matchStart: number;
  matchEnd: number;
}

/**
 * Masks every secret the patterns find. A pattern with a group named `secret` masks that group,
 * otherwise its whole match. When two patterns read the same text differently (`-password x`
 * is also `-p assword`), the earlier pattern wins: a later match whose secret falls inside an
 * earlier match is dropped. That rule settles readings among the built-in patterns only: an
 * admin's pattern always masks what it finds (`svc-backup` inside a `net use … /user:` match
 * that masks only the password), since masking more is the safe side. Texts over FIELD_CAP
 * are cut first (and say so).
 */
export class Redactor {
  constructor(readonly patterns: readonly CompiledPattern[]) {}

  get names(): string[] {
    return this.patterns.map((p) => p.name);
  }

  spans(input: string): RedactionSpan[] {
    const accepted: Found[] = [];
    for (const p of this.patterns) {
      p.re.lastIndex = 0;
      for (const m of input.matchAll(p.re)) {
        const whole = m.indices?.[0];
        if (!whole) continue;
        const [start, end] = m.indices?.groups?.secret ?? whole;
        if (end <= start) continue;
        // Another reading of text an earlier pattern already matched as a whole.
        if (!p.admin && accepted.some((a) => a.matchStart <= start && end <= a.matchEnd)) continue;
        accepted.push({ start, end, pattern: p.name, matchStart: whole[0], matchEnd: whole[1] });
      }
    }
    return accepted
      .map(({ start, end, pattern }) => ({ start, end, pattern }))
      .sort((a, b) => a.start - b.start || b.end - a.end);
  }

  redact(raw: string): RedactionResult {
    const input = capField(raw);
    const spans = this.spans(input);
    return { text: mask(input, spans, 0, input.length), spans };
  }

  /** `redact` for nullable fields. */
  text(value: string | null): string | null {
    return value === null ? null : this.redact(value).text;
  }

  /** The text around one span with every span in that window masked (the preview's excerpt). */
  excerpt(raw: string, span: RedactionSpan, all: readonly RedactionSpan[], around = 40): string {
    const input = capField(raw);
    let from = Math.max(0, span.start - around);
    let to = Math.min(input.length, span.end + around);
    // A window edge inside a secret moves out of it, so no part of a secret shows.
    for (const s of all) {
      if (s.start < from && from < s.end) from = s.start;
      if (s.start < to && to < s.end) to = s.end;
    }
    const body = mask(input, all, from, to).replace(/\s+/g, ' ');
    return `${from > 0 ? '…' : ''}${body}${to < input.length ? '…' : ''}`;
  }
}

/** input[from, to) with the union of the spans replaced by MASK (one per merged run). */
function mask(input: string, spans: readonly RedactionSpan[], from: number, to: number): string {
  let out = '';
  let at = from;
  let runEnd = -1;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    if (s.start < runEnd) {
      runEnd = Math.max(runEnd, s.end);
      at = Math.max(at, runEnd);
      continue;
    }
    out += input.slice(at, Math.max(at, s.start)) + MASK;
    runEnd = s.end;
    at = Math.max(at, s.end);
  }
  return out + input.slice(Math.min(at, to), to);
}

/** The identity redactor (`redact: false`). */
export const NO_REDACTION = new Redactor([]);

/** Cuts a text longer than FIELD_CAP and says how much was left out. */
export function capField(text: string): string {
  if (text.length <= FIELD_CAP) return text;
  return `${text.slice(0, FIELD_CAP)}\n… [${text.length - FIELD_CAP} characters cut from the report]`;
}
