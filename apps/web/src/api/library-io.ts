import {
  FromGroupResult,
  JobAccepted,
  LibraryDocument,
  LibraryImportResult,
  RemapAttackResult,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend, apiUpload } from './client';
import { queryKeys } from './keys';

export interface AtomicsUpload {
  files: readonly File[];
  /** Also create (or update) one scenario template per technique. */
  scenarioPerTechnique: boolean;
}

/**
 * `POST /api/library/import/atomics` (multipart: the files and `scenario_per_technique`)
 * → 202 with the import job; follow it with `useJob`, its result is the per-file report.
 */
export function useImportAtomics() {
  return useMutation({
    mutationFn: ({ files, scenarioPerTechnique }: AtomicsUpload) => {
      const form = new FormData();
      form.append('scenario_per_technique', String(scenarioPerTechnique));
      for (const file of files) form.append('file', file, file.name);
      return apiUpload('/api/library/import/atomics', form, JobAccepted);
    },
    // The dialog shows the 413/415 problem itself.
    meta: { silent: true },
  });
}

/** `GET /api/library/export`: the whole library as a versioned JSON document. */
export function useExportLibrary() {
  return useMutation({
    mutationFn: () => apiGet('/api/library/export', LibraryDocument),
    meta: { silent: true },
  });
}

/** `POST /api/library/import` with a library document (parsed JSON, checked by the server). */
export function useImportLibraryDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (document: unknown) =>
      apiSend('POST', '/api/library/import', document, LibraryImportResult),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.library.all }),
    meta: { silent: true },
  });
}

/** `POST /api/library/scenarios/from-group` with `preview: true`: what a scenario would hold. */
export function useFromGroupPreview(groupId: string | null) {
  return useQuery({
    queryKey: queryKeys.libraryFromGroup(groupId ?? ''),
    queryFn: ({ signal }) =>
      apiSend(
        'POST',
        '/api/library/scenarios/from-group',
        { group_id: groupId, preview: true },
        FromGroupResult,
        { signal },
      ),
    enabled: Boolean(groupId),
  });
}

export interface FromGroupCreate {
  groupId: string;
  name?: string | undefined;
  /** Per technique, the templates to use; an empty list skips it; left out: the default. */
  choices: Record<string, string[]>;
}

/** `POST /api/library/scenarios/from-group`: creates the scenario (and bare templates). */
export function useCreateFromGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, name, choices }: FromGroupCreate) =>
      apiSend(
        'POST',
        '/api/library/scenarios/from-group',
        { group_id: groupId, preview: false, ...(name ? { name } : {}), choices },
        FromGroupResult,
      ),
    onSuccess: (result) => {
      if (result.scenario)
        queryClient.setQueryData(queryKeys.libraryScenario(result.scenario.id), result.scenario);
      void queryClient.invalidateQueries({ queryKey: queryKeys.library.all });
    },
    meta: { silent: true },
  });
}

/** `POST /api/library/remap-attack`: moves every template tag from `from` to `to`. */
export function useRemapAttack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { from: string; to?: string | undefined }) =>
      apiSend(
        'POST',
        '/api/library/remap-attack',
        body.to ? body : { from: body.from },
        RemapAttackResult,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.library.all });
      // The release diffs list the templates a change touches.
      void queryClient.invalidateQueries({ queryKey: queryKeys.attackDiffs() });
    },
    meta: { silent: true },
  });
}
