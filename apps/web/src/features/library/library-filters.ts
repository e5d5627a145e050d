import type { TemplateSource } from '@metamorph/contract';
import type { LibraryFilters } from '../../api/library';

/** The filters a URL search string may hold, in display order. */
export const FILTER_PARAMS = [
  'q',
  'technique',
  'tactic',
  'platform',
  'tag',
  'source',
  'flagged',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

const SOURCES: readonly TemplateSource[] = ['manual', 'atomic-red-team', 'imported'];

/** Filters from the page URL; unknown or malformed values are dropped. */
export function filtersFromParams(params: URLSearchParams): LibraryFilters {
  const get = (k: FilterParam) => params.get(k)?.trim() || undefined;
  const source = get('source');
  const flagged = get('flagged');
  return {
    q: get('q'),
    technique: normalizeTechniques(get('technique') ?? ''),
    tactic: get('tactic'),
    platform: get('platform'),
    tag: get('tag'),
    source: SOURCES.includes(source as TemplateSource) ? (source as TemplateSource) : undefined,
    flagged: flagged === 'true' || flagged === 'false' ? flagged : undefined,
  };
}

/** `params` with `key` set to `value` (or removed when empty); other params are kept. */
export function withFilter(
  params: URLSearchParams,
  key: FilterParam,
  value: string | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value?.trim()) next.set(key, value);
  else next.delete(key);
  return next;
}

/** `params` without any filter (other params, if any, are kept). */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of FILTER_PARAMS) next.delete(k);
  return next;
}

/** How many filters other than the text search are set. */
export function activeFilterCount(filters: LibraryFilters): number {
  return FILTER_PARAMS.filter((k) => k !== 'q' && filters[k]).length;
}

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

/**
 * "t1059, T1566.001 ,foo" → "T1059,T1566.001": upper-cased, de-duplicated technique ids.
 * Anything that is not a technique id is dropped (the API would answer 422).
 */
export function normalizeTechniques(value: string): string | undefined {
  const ids = value
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => TECHNIQUE.test(s));
  return ids.length > 0 ? [...new Set(ids)].join(',') : undefined;
}

/** Technique text typed so far that is not (yet) a valid list of ids. */
export function invalidTechniqueParts(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !TECHNIQUE.test(s.toUpperCase()));
}

export const SOURCE_LABELS: Record<TemplateSource, string> = {
  manual: 'Manual',
  'atomic-red-team': 'Atomic Red Team',
  imported: 'Imported',
};
