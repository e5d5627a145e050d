import { JobAccepted } from '@metamorph/contract';
import { useMutation } from '@tanstack/react-query';
import { missionApiPath } from './missions';
import { uploadWithProgress } from './upload';

/** Mission archives: the download URL and the import upload (docs/archives.md). */

/** `GET /api/missions/:id/archive`; without blue details `?blue=false` (to share with red). */
export function archiveUrl(missionId: string, includeBlue: boolean): string {
  return missionApiPath(missionId, includeBlue ? '/archive' : '/archive?blue=false');
}

export interface ArchiveImportRequest {
  file: File;
  /** Import into this client; else the archive's client, matched by name or created. */
  clientId: string | null;
  onProgress?: (fraction: number) => void;
}

/** `POST /api/missions/import` (multipart) → 202 with the `mission.import` job. */
export function useImportArchive() {
  return useMutation({
    mutationFn: ({ file, clientId, onProgress }: ArchiveImportRequest) => {
      const form = new FormData();
      if (clientId) form.append('client_id', clientId);
      form.append('file', file, file.name);
      return uploadWithProgress('/api/missions/import', form, JobAccepted, onProgress);
    },
    meta: { silent: true },
  });
}
