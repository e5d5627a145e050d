import {
  ScenarioTemplate,
  ScenarioTemplatePage,
  TestTemplatePage,
  type ScenarioTemplateCreate,
  type ScenarioTemplateUpdate,
} from '@metamorph/contract';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

/** The scenario list filters, as the URL and the API both spell them. */
export interface ScenarioFilters {
  q?: string | undefined;
  tag?: string | undefined;
}

const PAGE_SIZE = 50;

function scenarioPath(id: string): string {
  return `/api/library/scenarios/${encodeURIComponent(id)}`;
}

/** `GET /api/library/scenarios` with search, tag filter and cursor paging ("Load more"). */
export function useLibraryScenarios(filters: ScenarioFilters) {
  const key = { q: filters.q?.trim() || undefined, tag: filters.tag || undefined };
  return useInfiniteQuery({
    queryKey: queryKeys.libraryScenarioList(key),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (key.q) params.set('q', key.q);
      if (key.tag) params.set('tag', key.tag);
      if (pageParam) params.set('cursor', pageParam);
      return apiGet(`/api/library/scenarios?${params.toString()}`, ScenarioTemplatePage, {
        signal,
      });
    },
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/library/scenarios/:id`: the scenario with its tests in order. */
export function useScenarioTemplate(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.libraryScenario(id ?? ''),
    queryFn: ({ signal }) => apiGet(scenarioPath(id ?? ''), ScenarioTemplate, { signal }),
    enabled: Boolean(id),
  });
}

/** `POST /api/library/scenarios` → 201 with the scenario. */
export function useCreateScenario() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScenarioTemplateCreate) =>
      apiSend('POST', '/api/library/scenarios', body, ScenarioTemplate),
    onSuccess: (created) => {
      queryClient.setQueryData(queryKeys.libraryScenario(created.id), created);
      void queryClient.invalidateQueries({ queryKey: queryKeys.libraryScenarios() });
    },
    // The editor shows the error next to the fields.
    meta: { silent: true },
  });
}

/** `PUT /api/library/scenarios/:id` with the version read (409 when someone saved in between). */
export function useUpdateScenario() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ScenarioTemplateUpdate }) =>
      apiSend('PUT', scenarioPath(id), body, ScenarioTemplate),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.libraryScenario(updated.id), updated);
      void queryClient.invalidateQueries({
        queryKey: queryKeys.libraryScenarios(),
        predicate: (q) => q.queryKey[2] !== 'detail',
      });
    },
    meta: { silent: true },
  });
}

/** `DELETE /api/library/scenarios/:id?version=` (its test templates stay in the library). */
export function useDeleteScenario() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      apiSend('DELETE', `${scenarioPath(id)}?version=${version}`, undefined, z.unknown()),
    onSuccess: (_data, { id }) => {
      queryClient.removeQueries({ queryKey: queryKeys.libraryScenario(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.libraryScenarios() });
    },
    meta: { silent: true },
  });
}

/** `GET /api/library/tests?q=`: the scenario editor's "add a test" search (first 20 hits). */
export function useTestTemplatePicker(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: queryKeys.libraryTestPicker(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: '20' });
      if (query) params.set('q', query);
      return apiGet(`/api/library/tests?${params.toString()}`, TestTemplatePage, { signal });
    },
    placeholderData: keepPreviousData,
  });
}
