import {
  Evidence,
  EvidenceUploadResult,
  PROBLEM_CONTENT_TYPE,
  type EvidenceSide,
} from '@metamorph/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, ContractError, NetworkError, apiSend } from './client';
import { fallbackErrorBody, toErrorBody } from './errors';
import { executionKeys, testApiPath } from './execution';

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
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', `application/json, ${PROBLEM_CONTENT_TYPE}`);
    xhr.setRequestHeader('X-Requested-With', 'metamorph');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && req.onProgress) req.onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new NetworkError('POST', path, new Error('upload failed')));
    xhr.onload = () => {
      const requestId = xhr.getResponseHeader('X-Request-Id') ?? '';
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText) as unknown;
      } catch {
        json = undefined;
      }
      const init = { status: xhr.status, statusText: xhr.statusText, requestId };
      if (xhr.status < 200 || xhr.status >= 300) {
        if (json === undefined) {
          reject(new ApiError(xhr.status, fallbackErrorBody(init), false));
          return;
        }
        const { body, problem } = toErrorBody(json, init);
        reject(new ApiError(xhr.status, body, problem));
        return;
      }
      const parsed = EvidenceUploadResult.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else
        reject(
          new ContractError({
            method: 'POST',
            path,
            status: xhr.status,
            requestId,
            message: `The answer to POST ${path} does not match the API contract.`,
            issues: parsed.error.issues,
          }),
        );
    };
    xhr.send(form);
  });
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
