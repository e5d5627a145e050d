import {
  Activity,
  DetectionLevelList,
  MissionTestDetail,
  type MissionTestUpdate,
  type TestState,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiGet, apiSend } from './client';
import { queryKeys } from './keys';
import { missionApiPath } from './missions';

/** Per-test execution: the test in full, its red/blue patch, transitions, activity. */

/** The execution queries' keys (defined in the one factory, keys.ts). */
export const executionKeys = {
  tests: queryKeys.missionTests,
  test: queryKeys.missionTest,
  detectionLevels: queryKeys.detectionLevels,
};

export function testApiPath(missionId: string, testId: string, rest = ''): string {
  return missionApiPath(missionId, `/tests/${encodeURIComponent(testId)}${rest}`);
}

/** `If-Match: "<version>"`: the UI always sends it, so no update is ever lost. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useMissionTest(missionId: string, testId: string) {
  return useQuery({
    queryKey: executionKeys.test(missionId, testId),
    queryFn: ({ signal }) => apiGet(testApiPath(missionId, testId), MissionTestDetail, { signal }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useDetectionLevels() {
  return useQuery({
    queryKey: executionKeys.detectionLevels(),
    queryFn: ({ signal }) => apiGet('/api/detection-levels', DetectionLevelList, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The answer of a write replaces the cached test; the plan shows states and versions. */
function storeDetail(queryClient: QueryClient, detail: MissionTestDetail): void {
  queryClient.setQueryData(executionKeys.test(detail.mission_id, detail.id), detail);
  void queryClient.invalidateQueries({ queryKey: queryKeys.missionPlan(detail.mission_id) });
}

export type TestPatch = Omit<MissionTestUpdate, 'version'>;

/** `PUT /api/missions/:id/tests/:testId` with `If-Match` (409 `version_conflict` when stale). */
export function useUpdateTest(missionId: string, testId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: TestPatch; version: number }) =>
      apiSend('PUT', testApiPath(missionId, testId), patch, MissionTestDetail, {
        headers: ifMatch(version),
      }),
    onSuccess: (detail) => storeDetail(queryClient, detail),
    meta: { silent: true },
  });
}

/** `POST …/transition` {state, reason?} with `If-Match`. */
export function useTransition(missionId: string, testId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      state,
      reason,
      version,
    }: {
      state: TestState;
      reason?: string | null;
      version: number;
    }) =>
      apiSend(
        'POST',
        testApiPath(missionId, testId, '/transition'),
        reason === undefined ? { state } : { state, reason },
        MissionTestDetail,
        { headers: ifMatch(version) },
      ),
    onSuccess: (detail) => storeDetail(queryClient, detail),
    meta: { silent: true },
  });
}

/** Blind missions: `POST …/reveal` shows a hidden test to blue. */
export function useRevealTest(missionId: string, testId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiSend(
        'POST',
        testApiPath(missionId, testId, '/reveal'),
        undefined,
        z.object({ revealed: z.number().int() }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: executionKeys.test(missionId, testId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.missionPlan(missionId) });
    },
    meta: { silent: true },
  });
}

/** `GET /api/missions/:id/activity?after_seq=N`: the polling fallback of the live stream. */
export function fetchActivity(
  missionId: string,
  afterSeq: number,
  signal?: AbortSignal,
): Promise<Activity> {
  const q = new URLSearchParams({ after_seq: String(afterSeq) });
  return apiGet(missionApiPath(missionId, `/activity?${q.toString()}`), Activity, { signal });
}

/** The test as the server has it now, when `error` is a 409 `version_conflict`. */
export function conflictCurrent(error: unknown): MissionTestDetail | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const parsed = MissionTestDetail.safeParse(error.body.context?.current);
  return parsed.success ? parsed.data : null;
}
