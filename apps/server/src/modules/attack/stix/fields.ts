import { PermanentJobError } from '../../../platform/jobs/types.js';
import type { StixObject } from './types.js';

/** Thrown for any defect of the bundle: the job fails at once with this message. */
export function invalidBundle(problem: string): PermanentJobError {
  return new PermanentJobError(`Invalid ATT&CK bundle: ${problem}`);
}

export function optString(obj: StixObject, key: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidBundle(`${describe(obj)}: "${key}" is not a string`);
  return v;
}

export function reqString(obj: StixObject, key: string): string {
  const v = optString(obj, key);
  if (v === null || v === '') throw invalidBundle(`${describe(obj)} has no "${key}"`);
  return v;
}

export function optBool(obj: StixObject, key: string): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw invalidBundle(`${describe(obj)}: "${key}" is not a boolean`);
  return v;
}

export function stringArray(obj: StixObject, key: string): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw invalidBundle(`${describe(obj)}: "${key}" is not a list of strings`);
  }
  return v as string[];
}

export function optDate(obj: StixObject, key: string): Date | null {
  const v = optString(obj, key);
  if (v === null) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime()))
    throw invalidBundle(`${describe(obj)}: "${key}" is not a timestamp`);
  return d;
}

export function objectArray(obj: StixObject, key: string): StixObject[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) {
    throw invalidBundle(`${describe(obj)}: "${key}" is not a list of objects`);
  }
  return v as StixObject[];
}

const ATTACK_SOURCES = new Set(['mitre-attack', 'mitre-mobile-attack', 'mitre-ics-attack']);

/** The ATT&CK id (T1059, TA0002, G0007…) and page of an object, from its external references. */
export function attackReference(obj: StixObject): { externalId: string; url: string | null } {
  for (const ref of objectArray(obj, 'external_references')) {
    const source = ref.source_name;
    if (typeof source === 'string' && ATTACK_SOURCES.has(source)) {
      const id = ref.external_id;
      if (typeof id === 'string' && id !== '') {
        return { externalId: id, url: typeof ref.url === 'string' ? ref.url : null };
      }
    }
  }
  throw invalidBundle(
    `${describe(obj)} has no ATT&CK external id (external_references mitre-attack)`,
  );
}

export function describe(obj: StixObject): string {
  const type = typeof obj.type === 'string' ? obj.type : 'object';
  return typeof obj.id === 'string' ? `${type} ${obj.id}` : `a ${type} without id`;
}
