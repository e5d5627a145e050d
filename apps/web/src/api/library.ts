import {
  TechniquePage,
  TestTemplate,
  TestTemplatePage,
  type TemplateSource,
  type TestTemplateCreate,
  type TestTemplateUpdate,
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

/** The list filters, as the URL and the API both spell them. */
export interface LibraryFilters {
  q?: string | undefined;
  /** Technique ids, comma-separated (a parent matches its sub-techniques). */
  technique?: string | undefined;
  /** Tactic shortname (e.g. `execution`), id or name. */
  tactic?: string | undefined;
  platform?: string | undefined;
  tag?: string | undefined;
  source?: TemplateSource | undefined;
  flagged?: 'true' | 'false' | undefined;
}

const FILTER_KEYS = ['q', 'technique', 'tactic', 'platform', 'tag', 'source', 'flagged'] as const;
const PAGE_SIZE = 50;

function testPath(id: string): string {
  return `/api/library/tests/${encodeURIComponent(id)}`;
}

/** `GET /api/library/tests` with filters, facet counts and cursor paging ("Load more"). */
export function useLibraryTests(filters: LibraryFilters, enabled = true) {
  const key: Record<string, string | undefined> = {};
  for (const k of FILTER_KEYS) key[k] = filters[k] || undefined;
  return useInfiniteQuery({
    queryKey: queryKeys.libraryTestList(key),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      for (const k of FILTER_KEYS) {
        const value = key[k];
        if (value) params.set(k, value);
      }
      if (pageParam) params.set('cursor', pageParam);
      return apiGet(`/api/library/tests?${params.toString()}`, TestTemplatePage, { signal });
    },
    getNextPageParam: (last) => last.next_cursor,
    enabled,
    // Facets and rows stay on screen while a new filter loads.
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/library/tests/:id`. */
export function useTestTemplate(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.libraryTest(id ?? ''),
    queryFn: ({ signal }) => apiGet(testPath(id ?? ''), TestTemplate, { signal }),
    enabled: Boolean(id),
  });
}

/** `POST /api/library/tests` → 201 with the template. */
export function useCreateTestTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TestTemplateCreate) =>
      apiSend('POST', '/api/library/tests', body, TestTemplate),
    onSuccess: (created) => {
      queryClient.setQueryData(queryKeys.libraryTest(created.id), created);
      void queryClient.invalidateQueries({ queryKey: queryKeys.libraryTests(), exact: false });
    },
    // The editor shows the error next to the fields.
    meta: { silent: true },
  });
}

/** `PUT /api/library/tests/:id` with the version read (409 when someone saved in between). */
export function useUpdateTestTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TestTemplateUpdate }) =>
      apiSend('PUT', testPath(id), body, TestTemplate),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.libraryTest(updated.id), updated);
      // Lists and scenarios (which embed test summaries) show the new name and tags.
      void queryClient.invalidateQueries({
        queryKey: queryKeys.library.all,
        predicate: (q) => q.queryKey[2] !== 'detail',
      });
    },
    meta: { silent: true },
  });
}

/** `DELETE /api/library/tests/:id?version=` (missions keep their snapshots). */
export function useDeleteTestTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      apiSend('DELETE', `${testPath(id)}?version=${version}`, undefined, z.unknown()),
    onSuccess: (_data, { id }) => {
      queryClient.removeQueries({ queryKey: queryKeys.libraryTest(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.library.all });
    },
    meta: { silent: true },
  });
}

/** `GET /api/attack/techniques?q=`: id prefix or name substring, for the ATT&CK tag picker. */
export function useTechniqueSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: queryKeys.attackTechniqueSearch(query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({
        q: query,
        limit: '20',
        include_revoked: 'true',
        include_deprecated: 'true',
      });
      return apiGet(`/api/attack/techniques?${params.toString()}`, TechniquePage, { signal });
    },
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
