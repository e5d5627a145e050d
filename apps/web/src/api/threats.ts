import {
  NextTests,
  NextTestsPlanResult,
  ThreatCoverage,
  ThreatProfile,
  ThreatProfileList,
  type NextTestsPlan,
  type ThreatLayerOthers,
  type ThreatProfileCreate,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { ifMatch } from './execution';
import { queryKeys } from './keys';

/** Threat profiles of a client, their coverage and next tests (docs/threat-coverage.md). */

const enc = encodeURIComponent;
export const profilesPath = (clientId: string) => `/api/clients/${enc(clientId)}/threat-profiles`;
export const profilePath = (clientId: string, profileId: string) =>
  `${profilesPath(clientId)}/${enc(profileId)}`;

/** Threat coverage queries' keys (defined in the one factory, keys.ts). */
export const threatKeys = queryKeys.threats;

/** The download links of a profile (report.export). */
export const threatDownloads = (clientId: string, profileId: string) => ({
  layer: (others: ThreatLayerOthers) =>
    `${profilePath(clientId, profileId)}/layer?others=${others}`,
  nextTests: (format: 'csv' | 'xlsx') =>
    `${profilePath(clientId, profileId)}/next-tests/export?format=${format}`,
});

export function useThreatProfiles(clientId: string) {
  return useQuery({
    queryKey: threatKeys.profiles(clientId),
    queryFn: ({ signal }) => apiGet(profilesPath(clientId), ThreatProfileList, { signal }),
  });
}

export function useThreatProfile(clientId: string, profileId: string) {
  return useQuery({
    queryKey: threatKeys.profile(clientId, profileId),
    queryFn: ({ signal }) => apiGet(profilePath(clientId, profileId), ThreatProfile, { signal }),
  });
}

export function useThreatCoverage(clientId: string, profileId: string) {
  return useQuery({
    queryKey: threatKeys.coverage(clientId, profileId),
    queryFn: ({ signal }) =>
      apiGet(`${profilePath(clientId, profileId)}/coverage`, ThreatCoverage, { signal }),
  });
}

export function useNextTests(clientId: string, profileId: string) {
  return useQuery({
    queryKey: threatKeys.next(clientId, profileId),
    queryFn: ({ signal }) =>
      apiGet(`${profilePath(clientId, profileId)}/next-tests`, NextTests, { signal }),
  });
}

function useInvalidateClient(clientId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: threatKeys.client(clientId) });
}

/** `POST …/threat-profiles` → 201 with the resolved profile. */
export function useCreateThreatProfile(clientId: string) {
  const invalidate = useInvalidateClient(clientId);
  return useMutation({
    mutationFn: (body: ThreatProfileCreate) =>
      apiSend('POST', profilesPath(clientId), body, ThreatProfile),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

/** `POST …/threat-profiles/import-layer?name=`: the layer file's JSON as the body. */
export function useImportThreatLayer(clientId: string) {
  const invalidate = useInvalidateClient(clientId);
  return useMutation({
    mutationFn: ({ layer, name }: { layer: unknown; name?: string }) =>
      apiSend(
        'POST',
        `${profilesPath(clientId)}/import-layer${name ? `?name=${enc(name)}` : ''}`,
        layer,
        ThreatProfile,
      ),
    onSuccess: invalidate,
    meta: { silent: true },
  });
}

export function useDeleteThreatProfile(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: string; version: number }) =>
      apiSend('DELETE', profilePath(clientId, p.id), undefined, z.unknown(), {
        headers: ifMatch(p.version),
      }),
    onSuccess: (_, p) => {
      // The row goes first, so nothing refetches the deleted profile's coverage (a 404).
      queryClient.setQueryData(
        threatKeys.profiles(clientId),
        (old: z.infer<typeof ThreatProfileList> | undefined) =>
          old && { items: old.items.filter((x) => x.id !== p.id) },
      );
      queryClient.removeQueries({ queryKey: threatKeys.profile(clientId, p.id) });
      return queryClient.invalidateQueries({ queryKey: threatKeys.profiles(clientId) });
    },
    meta: { silent: true },
  });
}

/** `POST …/next-tests/plan`: the chosen templates into a mission of the client, or a new one. */
export function usePlanNextTests(clientId: string, profileId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NextTestsPlan) =>
      apiSend(
        'POST',
        `${profilePath(clientId, profileId)}/next-tests/plan`,
        body,
        NextTestsPlanResult,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.missions.all });
      void queryClient.invalidateQueries({ queryKey: threatKeys.client(clientId) });
    },
    meta: { silent: true },
  });
}
