import {
  Finding,
  FindingDraftAccepted,
  FindingList,
  MissionCompare,
  MissionPage,
  RetestResult,
  type FindingCreate,
  type FindingUpdate,
  type RetestRequest,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { ifMatch } from './execution';
import { queryKeys } from './keys';
import { missionApiPath, refreshLists, useMission } from './missions';

/** Findings of a mission: list, create / edit / delete, draft and accept, retest, compare. */

/** The findings queries' keys (defined in the one factory, keys.ts). */
export const findingKeys = queryKeys.findings;

export const findingApiPath = (id: string) => `/api/findings/${encodeURIComponent(id)}`;

/** `GET /api/missions/:id/findings`, by number. */
export function useFindings(missionId: string) {
  return useQuery({
    queryKey: findingKeys.list(missionId),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(missionId, '/findings'), FindingList, { signal }),
  });
}

/** What a finding write makes stale: the list, and the plan's finding badges with it. */
export function refreshFindings(queryClient: QueryClient, missionId: string): void {
  void queryClient.invalidateQueries({ queryKey: findingKeys.mission(missionId) });
}

export function useCreateFinding(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FindingCreate) =>
      apiSend('POST', missionApiPath(missionId, '/findings'), body, Finding),
    onSuccess: () => refreshFindings(queryClient, missionId),
    meta: { silent: true },
  });
}

/** `PATCH /api/findings/:id` with `If-Match` of the version edited (409 when stale). */
export function useUpdateFinding(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; body: FindingUpdate }) =>
      apiSend('PATCH', findingApiPath(v.id), v.body, Finding, {
        headers: ifMatch(v.version),
      }),
    onSuccess: () => refreshFindings(queryClient, missionId),
    meta: { silent: true },
  });
}

export function useDeleteFinding(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number }) =>
      apiSend('DELETE', findingApiPath(v.id), undefined, z.unknown(), {
        headers: ifMatch(v.version),
      }),
    onSuccess: () => refreshFindings(queryClient, missionId),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/findings/draft` → 202 with the `findings.draft` job. */
export function useDraftFindings(missionId: string) {
  return useMutation({
    mutationFn: () =>
      apiSend('POST', missionApiPath(missionId, '/findings/draft'), {}, FindingDraftAccepted),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/findings/accept`: the reviewed proposals, created all or none. */
export function useAcceptFindings(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proposals: FindingCreate[]) =>
      apiSend('POST', missionApiPath(missionId, '/findings/accept'), { proposals }, FindingList),
    onSuccess: () => refreshFindings(queryClient, missionId),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/retest`: a new mission re-running the findings' tests. */
export function useRetest(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RetestRequest) =>
      apiSend('POST', missionApiPath(missionId, '/retest'), body, RetestResult),
    onSuccess: () => {
      refreshFindings(queryClient, missionId);
      refreshLists(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.mission(missionId) });
    },
    meta: { silent: true },
  });
}

/** `GET /api/missions/:id/compare/:otherId`: before / after, whichever order. */
export function useCompare(id: string, otherId: string) {
  return useQuery({
    queryKey: findingKeys.compare(id, otherId),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(id, `/compare/${encodeURIComponent(otherId)}`), MissionCompare, {
        signal,
      }),
    enabled: Boolean(id && otherId),
  });
}

function useLinkedFindings(missionId: string | null | undefined, testId: string) {
  return useQuery({
    queryKey: findingKeys.list(missionId ?? ''),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(missionId ?? '', '/findings'), FindingList, { signal }),
    select: (list) =>
      list.items.filter((f) => f.test_ids.includes(testId) || f.retest_test_ids.includes(testId)),
    enabled: Boolean(missionId),
    staleTime: 30_000,
  });
}

/**
 * The findings a test is linked to (the plan's badges), from the cached lists: the mission's
 * own, and for a retest mission the original's findings that its tests judge.
 */
export function useTestFindings(missionId: string, testId: string): Finding[] {
  const mission = useMission(missionId);
  const own = useLinkedFindings(missionId, testId);
  const original = useLinkedFindings(mission.data?.retest_of_mission_id, testId);
  return [...(own.data ?? []), ...(original.data ?? [])];
}

/** `GET /api/missions?retest_of=:id`: the retest missions of a mission (its Findings tab). */
export function useRetestMissions(missionId: string) {
  return useQuery({
    queryKey: queryKeys.missionList({ retest_of: missionId }),
    queryFn: ({ signal }) =>
      apiGet(`/api/missions?retest_of=${encodeURIComponent(missionId)}&limit=50`, MissionPage, {
        signal,
      }),
  });
}
