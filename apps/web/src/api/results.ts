import { queryKeys } from './keys';
import {
  Coverage,
  Heatmap,
  MissionDashboard,
  ResultTestList,
  type ResultFilter,
} from '@metamorph/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from './client';
import { missionApiPath } from './missions';

/** Results: dashboard, heat map, the tests behind a number, client coverage. */

export type Basis = 'reviewed' | 'recorded';
export type Rule = 'worst' | 'best' | 'latest';

/** Every results query of a mission sits under this key (live updates invalidate it). */
export const resultsKey = queryKeys.results;

export function useDashboard(id: string, basis: Basis) {
  return useQuery({
    queryKey: queryKeys.dashboard(id, basis),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(id, `/dashboard?basis=${basis}`), MissionDashboard, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useHeatmap(id: string, rule: Rule, basis: Basis) {
  return useQuery({
    queryKey: queryKeys.heatmap(id, rule, basis),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(id, `/heatmap?rule=${rule}&basis=${basis}`), Heatmap, { signal }),
    placeholderData: keepPreviousData,
  });
}

export const filterQuery = (f: ResultFilter) =>
  new URLSearchParams(
    Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();

export function useResultTests(id: string, filter: ResultFilter | null) {
  return useQuery({
    queryKey: queryKeys.resultTests(id, filter),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(id, `/results/tests?${filterQuery(filter!)}`), ResultTestList, {
        signal,
      }),
    enabled: filter !== null,
  });
}

export interface CoverageParams {
  client_id?: string;
  all_clients?: 'true';
  rule: Rule;
  basis: Basis;
  layer?: string;
  from?: string;
  to?: string;
  platforms?: string;
  tags?: string;
  mission_ids?: string;
}

/** The query string of coverage params (empty values left out); the layer export takes it too. */
export const coverageQuery = (p: CoverageParams): string =>
  new URLSearchParams(
    Object.entries(p).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  ).toString();

export function useCoverage(p: CoverageParams | null) {
  const qs = p ? coverageQuery(p) : '';
  return useQuery({
    queryKey: queryKeys.coverage(qs),
    queryFn: ({ signal }) => apiGet(`/api/coverage?${qs}`, Coverage, { signal }),
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}
