import {
  Mission,
  MissionAsset,
  MissionAssetList,
  MissionMemberList,
  MissionPage,
  MemberCandidates,
  type AssetCreate,
  type AssetUpdate,
  type MissionCreate,
  type MissionRole,
  type MissionUpdate,
} from '@metamorph/contract';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

/** The mission list filters, as the URL and the API both spell them. */
export interface MissionFilters {
  q?: string | undefined;
  client_id?: string | undefined;
  status?: string | undefined;
  tag?: string | undefined;
  /** admin.missions only: soft-deleted missions too. */
  include_deleted?: boolean | undefined;
}

const PAGE_SIZE = 50;

export function missionApiPath(id: string, rest = ''): string {
  return `/api/missions/${encodeURIComponent(id)}${rest}`;
}

/** `GET /api/missions` with search, filters and cursor paging ("Load more"). */
export function useMissions(filters: MissionFilters) {
  const key = {
    q: filters.q?.trim() || undefined,
    client_id: filters.client_id || undefined,
    status: filters.status || undefined,
    tag: filters.tag || undefined,
    include_deleted: filters.include_deleted ? 'true' : undefined,
  };
  return useInfiniteQuery({
    queryKey: queryKeys.missionList(key),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      for (const [k, v] of Object.entries(key)) if (v) params.set(k, v);
      if (pageParam) params.set('cursor', pageParam);
      return apiGet(`/api/missions?${params.toString()}`, MissionPage, { signal });
    },
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/missions/:id` (404 for non-members). */
export function useMission(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.mission(id ?? ''),
    queryFn: ({ signal }) => apiGet(missionApiPath(id ?? ''), Mission, { signal }),
    enabled: Boolean(id),
  });
}

/** Refreshes every mission list (counts, statuses). */
export function refreshLists(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({
    queryKey: queryKeys.missions.all,
    predicate: (q) => q.queryKey[1] === 'list',
  });
}

/** `POST /api/missions` → 201 with the mission (its creator becomes lead). */
export function useCreateMission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MissionCreate) => apiSend('POST', '/api/missions', body, Mission),
    onSuccess: (created) => {
      queryClient.setQueryData(queryKeys.mission(created.id), created);
      refreshLists(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.clients.all });
    },
    meta: { silent: true },
  });
}

/** `PATCH /api/missions/:id`: fields and/or a status transition (409 when stale or not allowed). */
export function useUpdateMission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MissionUpdate }) =>
      apiSend('PATCH', missionApiPath(id), body, Mission),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.mission(updated.id), updated);
      refreshLists(queryClient);
    },
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/restore`: an admin brings a soft-deleted mission back. */
export function useRestoreMission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('POST', missionApiPath(id, '/restore'), undefined, Mission),
    onSuccess: (restored) => {
      queryClient.setQueryData(queryKeys.mission(restored.id), restored);
      refreshLists(queryClient);
    },
    meta: { silent: true },
  });
}

/** `DELETE /api/missions/:id`: soft delete (an admin may restore it). */
export function useDeleteMission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', missionApiPath(id), undefined, z.unknown()),
    onSuccess: (_d, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.mission(id) });
      refreshLists(queryClient);
    },
    meta: { silent: true },
  });
}

export function useMembers(id: string) {
  return useQuery({
    queryKey: queryKeys.missionMembers(id),
    queryFn: ({ signal }) => apiGet(missionApiPath(id, '/members'), MissionMemberList, { signal }),
  });
}

/** Add (POST), change (PATCH) or remove (role null → DELETE) a member; 409 for the last lead. */
export function useSetMember(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      userId,
      role,
      adding = false,
    }: {
      userId: string;
      role: MissionRole | null;
      adding?: boolean;
    }) => {
      if (adding)
        return apiSend(
          'POST',
          missionApiPath(id, '/members'),
          { user_id: userId, role },
          z.unknown(),
        );
      const path = missionApiPath(id, `/members/${encodeURIComponent(userId)}`);
      if (role === null) return apiSend('DELETE', path, undefined, z.unknown());
      return apiSend('PATCH', path, { role }, z.unknown());
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.missionMembers(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mission(id), exact: true });
    },
    meta: { silent: true },
  });
}

export function useAssets(id: string) {
  return useQuery({
    queryKey: queryKeys.missionAssets(id),
    queryFn: ({ signal }) => apiGet(missionApiPath(id, '/assets'), MissionAssetList, { signal }),
    retry: false,
  });
}

/** Create (no assetId), update or delete (body null) an asset. */
export function useSaveAsset(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      assetId,
      body,
    }: {
      assetId?: string;
      body: AssetCreate | AssetUpdate | null;
    }) => {
      if (!assetId) return apiSend('POST', missionApiPath(id, '/assets'), body, MissionAsset);
      const path = missionApiPath(id, `/assets/${encodeURIComponent(assetId)}`);
      if (body === null) return apiSend('DELETE', path, undefined, z.unknown());
      return apiSend('PATCH', path, body, MissionAsset);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.missionAssets(id) }),
    meta: { silent: true },
  });
}

/** `GET /api/missions/:id/member-candidates?q=`: active non-members, for the lead's picker. */
export function useMemberCandidates(missionId: string, q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: queryKeys.memberCandidates(missionId, query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (query) params.set('q', query);
      return apiGet(
        `/api/missions/${encodeURIComponent(missionId)}/member-candidates?${params.toString()}`,
        MemberCandidates,
        { signal },
      );
    },
    placeholderData: keepPreviousData,
  });
}
