import { BulkTestResult, MyQueue, type BulkTestAction } from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { executionKeys } from './execution';
import { queryKeys } from './keys';
import { missionApiPath } from './missions';

/** The exercise workspace: bulk actions on a mission's tests, and the caller's queue. */

/** The workspace queries' keys (defined in the one factory, keys.ts). */
export const workspaceKeys = { queue: queryKeys.myQueue };

/** `GET /api/me/queue`, refreshed every 15 s and whenever the window regains focus. */
export function useMyQueue() {
  return useQuery({
    queryKey: workspaceKeys.queue(),
    queryFn: ({ signal }) => apiGet('/api/me/queue', MyQueue, { signal }),
    refetchInterval: 15_000,
  });
}

/** `POST /api/missions/:id/tests/bulk`: refreshes the plan, the tests and the queue after. */
export function useBulkAction(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkTestAction) =>
      apiSend('POST', missionApiPath(missionId, '/tests/bulk'), body, BulkTestResult),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.missionPlan(missionId) });
      void queryClient.invalidateQueries({ queryKey: executionKeys.tests(missionId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mission(missionId), exact: true });
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.queue() });
    },
    meta: { silent: true },
  });
}
