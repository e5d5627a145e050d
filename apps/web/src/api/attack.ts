import {
  AttackReleaseList,
  GroupDetail,
  GroupList,
  JobAccepted,
  Matrix,
  ReleaseDiff,
  TechniqueDetail,
  type AttackDomain,
} from '@metamorph/contract';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { apiGet, apiSend, apiUpload } from './client';
import { queryKeys } from './keys';

const enc = encodeURIComponent;

/** `GET /api/attack/releases`: every imported release, all domains. */
export function useAttackReleases() {
  return useQuery({
    queryKey: queryKeys.attackReleases(),
    queryFn: ({ signal }) => apiGet('/api/attack/releases', AttackReleaseList, { signal }),
  });
}

export interface MatrixFilters {
  domain: AttackDomain;
  includeRevoked: boolean;
  includeDeprecated: boolean;
}

/** `GET /api/attack/matrix`: tactics in matrix order with their techniques (current release). */
export function useAttackMatrix(filters: MatrixFilters) {
  const params = {
    domain: filters.domain,
    include_revoked: String(filters.includeRevoked),
    include_deprecated: String(filters.includeDeprecated),
  };
  return useQuery({
    queryKey: queryKeys.attackMatrix(params),
    queryFn: ({ signal }) =>
      apiGet(`/api/attack/matrix?${new URLSearchParams(params).toString()}`, Matrix, { signal }),
    // Toggling revoked/deprecated keeps the grid on screen while the new one loads.
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/attack/techniques/:externalId` (T1059 or T1059.001). */
export function useAttackTechnique(externalId: string) {
  return useQuery({
    queryKey: queryKeys.attackTechnique(externalId),
    queryFn: ({ signal }) =>
      apiGet(`/api/attack/techniques/${enc(externalId)}`, TechniqueDetail, { signal }),
  });
}

/** `GET /api/attack/groups?q=`: by name or alias. */
export function useAttackGroups(q: string) {
  const query = q.trim() || undefined;
  return useQuery({
    queryKey: queryKeys.attackGroups({ q: query }),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (query) params.set('q', query);
      const search = params.size > 0 ? `?${params.toString()}` : '';
      return apiGet(`/api/attack/groups${search}`, GroupList, { signal });
    },
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/attack/groups/:externalId` (G0007). */
export function useAttackGroup(externalId: string) {
  return useQuery({
    queryKey: queryKeys.attackGroup(externalId),
    queryFn: ({ signal }) =>
      apiGet(`/api/attack/groups/${enc(externalId)}`, GroupDetail, { signal }),
  });
}

/** `GET /api/attack/releases/:a/diff/:b`, when both releases are picked. */
export function useReleaseDiff(from: string | null, to: string | null) {
  return useQuery({
    queryKey: queryKeys.attackDiff(from ?? '', to ?? ''),
    queryFn: ({ signal }) =>
      apiGet(`/api/attack/releases/${enc(from ?? '')}/diff/${enc(to ?? '')}`, ReleaseDiff, {
        signal,
      }),
    enabled: Boolean(from && to && from !== to),
  });
}

/** What to import: an uploaded bundle, or a URL (none: the server's configured source). */
export type AttackSyncSource = { kind: 'file'; file: File } | { kind: 'url'; url?: string };

/** `POST /api/attack/sync` → 202 with the import job; follow it with `useJob`. */
export function useAttackSync() {
  return useMutation({
    mutationFn: (source: AttackSyncSource) => {
      if (source.kind === 'file') {
        const form = new FormData();
        form.append('file', source.file, source.file.name);
        return apiUpload('/api/attack/sync', form, JobAccepted);
      }
      return apiSend(
        'POST',
        '/api/attack/sync',
        source.url ? { url: source.url } : {},
        JobAccepted,
      );
    },
    meta: { silent: true },
  });
}
