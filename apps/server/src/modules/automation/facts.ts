import type { ExecutionImportFormat, ExecutionResult } from '@metamorph/contract';
import { truncationMarker } from '@metamorph/contract';

/**
 * What one procedure of an automation log says happened, whatever the format: the parsers
 * (formats/) produce these, the matcher and the planner read them.
 */
export interface ExecutionFacts {
  format: ExecutionImportFormat;
  file: string;
  /** 1-based position in its file. */
  index: number;
  techniqueId: string | null;
  name: string | null;
  /** The Atomic test guid, lowercase. */
  guid: string | null;
  command: string | null;
  output: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** When it ran (the first step's start, else the log's time). */
  executedAt: Date | null;
  account: string | null;
  host: string | null;
  ip: string | null;
  /** The tool that ran it (ATTiRe `execution-source`), matched to a red tool asset. */
  source: string | null;
  result: ExecutionResult | null;
  /** Problems of this procedure alone; `fatal` ones make it an error row. */
  notes: string[];
  fatal: string | null;
}

export const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

/** A technique id as written by the tools (`t1059.001`, ` T1059.001 `) or null when not one. */
export function techniqueId(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const id = raw.trim().toUpperCase();
  return TECHNIQUE_ID.test(id) ? id : null;
}

/** A trimmed non-empty string, else null. */
export function text(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const s = String(raw).trim();
  return s === '' ? null : s;
}

/** An instant from an ISO 8601 string (a zone is required; UTC assumed for none), else null. */
export function instant(raw: unknown): Date | null {
  const s = text(raw);
  if (!s) return null;
  const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`;
  const d = new Date(zoned);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Cuts `value` to `max` characters, the marker saying how much was left out. */
export function capText(value: string, max: number): { value: string; cut: boolean } {
  if (value.length <= max) return { value, cut: false };
  // The marker is under 80 characters: what is kept plus the marker stays within `max`.
  const kept = Math.max(0, max - 80);
  return { value: value.slice(0, kept) + truncationMarker(value.length - kept), cut: true };
}

export function emptyFacts(
  format: ExecutionImportFormat,
  file: string,
  index: number,
): ExecutionFacts {
  return {
    format,
    file,
    index,
    techniqueId: null,
    name: null,
    guid: null,
    command: null,
    output: null,
    startedAt: null,
    endedAt: null,
    executedAt: null,
    account: null,
    host: null,
    ip: null,
    source: null,
    result: null,
    notes: [],
    fatal: null,
  };
}
