import {
  DetectionLevel,
  type DetectionLevelCreate,
  type DetectionLevelUpdate,
} from '@metamorph/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiSend } from './client';
import { executionKeys } from './execution';
import { queryKeys } from './keys';

/** Admin CRUD of detection levels (`admin.settings`); the list is `useDetectionLevels`. */

const levelPath = (id: string) => `/api/detection-levels/${encodeURIComponent(id)}`;

function useLevelsInvalidation() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: executionKeys.detectionLevels() });
}

export function useCreateLevel() {
  const invalidate = useLevelsInvalidation();
  return useMutation({
    mutationFn: (body: DetectionLevelCreate) =>
      apiSend('POST', '/api/detection-levels', body, DetectionLevel),
    onSettled: invalidate,
    meta: { silent: true },
  });
}

export function useUpdateLevel() {
  const invalidate = useLevelsInvalidation();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: DetectionLevelUpdate }) =>
      apiSend('PATCH', levelPath(id), patch, DetectionLevel),
    onSettled: invalidate,
    meta: { silent: true },
  });
}

/** Several PATCHes in a row (a drag re-ranks the levels between the two places). */
export function useRerankLevels() {
  const invalidate = useLevelsInvalidation();
  return useMutation({
    mutationFn: async (changes: readonly { id: string; rank: number }[]) => {
      for (const c of changes)
        await apiSend('PATCH', levelPath(c.id), { rank: c.rank }, DetectionLevel);
    },
    onSettled: invalidate,
    meta: { silent: true },
  });
}

/** `DELETE …/:id[?replacement_id=]`; a 409 means the level is in use (see `levelInUse`). */
export function useDeleteLevel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, replacementId }: { id: string; replacementId?: string }) =>
      apiSend(
        'DELETE',
        replacementId
          ? `${levelPath(id)}?${new URLSearchParams({ replacement_id: replacementId }).toString()}`
          : levelPath(id),
        undefined,
        z.unknown(),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: executionKeys.detectionLevels() });
      // Tests using the level were remapped.
      void queryClient.invalidateQueries({ queryKey: queryKeys.missions.all });
    },
    meta: { silent: true },
  });
}

/** How many tests use the level, when `error` is the 409 of deleting a level in use. */
export function levelInUse(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const n = error.body.context?.tests;
  return typeof n === 'number' ? n : null;
}
