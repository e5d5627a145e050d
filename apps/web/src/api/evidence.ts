import { Evidence, EvidenceUploadResult, type EvidenceSide } from '@metamorph/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiSend } from './client';
import { executionKeys, testApiPath } from './execution';
import { uploadWithProgress } from './upload';

/** Evidence files of a mission test: upload (with progress), caption, delete, content URLs. */

export function evidenceContentUrl(id: string, inline = false): string {
  return `/api/evidence/${encodeURIComponent(id)}/content${inline ? '?inline=1' : ''}`;
}

/** Images the server previews inline (`?inline=1`). */
export const PREVIEW_MIMES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];

export interface UploadRequest {
  missionId: string;
  testId: string;
  file: File;
  caption?: string | null;
  /** Needed only when the uploader holds both sides. */
  side?: EvidenceSide;
  /** 0..1 as the bytes leave the browser. */
  onProgress?: (fraction: number) => void;
}

/**
 * `POST …/evidence` as multipart through XMLHttpRequest (fetch reports no upload progress).
 * Errors are the client's: ApiError with the problem details, NetworkError, ContractError.
 */
export function uploadEvidence(req: UploadRequest): Promise<EvidenceUploadResult> {
  const path = testApiPath(req.missionId, req.testId, '/evidence');
  const form = new FormData();
  if (req.caption) form.append('caption', req.caption);
  if (req.side) form.append('side', req.side);
  form.append('file', req.file, req.file.name);
  return uploadWithProgress(path, form, EvidenceUploadResult, req.onProgress);
}

function useRefreshTest(missionId: string, testId: string) {
  const queryClient = useQueryClient();
  return () =>
    void queryClient.invalidateQueries({ queryKey: executionKeys.test(missionId, testId) });
}

export function useUploadEvidence(missionId: string, testId: string) {
  const refresh = useRefreshTest(missionId, testId);
  return useMutation({
    mutationFn: (req: Omit<UploadRequest, 'missionId' | 'testId'>) =>
      uploadEvidence({ ...req, missionId, testId }),
    onSettled: refresh,
    meta: { silent: true },
  });
}

/** `PATCH /api/evidence/:id` {caption}. */
export function useCaptionEvidence(missionId: string, testId: string) {
  const refresh = useRefreshTest(missionId, testId);
  return useMutation({
    mutationFn: ({ id, caption }: { id: string; caption: string | null }) =>
      apiSend('PATCH', `/api/evidence/${encodeURIComponent(id)}`, { caption }, Evidence),
    onSettled: refresh,
    meta: { silent: true },
  });
}

/** `DELETE /api/evidence/:id` (soft delete, the uploader's side only). */
export function useDeleteEvidence(missionId: string, testId: string) {
  const refresh = useRefreshTest(missionId, testId);
  return useMutation({
    mutationFn: (id: string) =>
      apiSend('DELETE', `/api/evidence/${encodeURIComponent(id)}`, undefined, z.unknown()),
    onSettled: refresh,
    meta: { silent: true },
  });
}
