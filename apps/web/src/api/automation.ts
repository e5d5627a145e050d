import {
  CalderaOperationList,
  JobAccepted,
  PlanImportResult,
  type CalderaImportRequest,
  type CalderaOperationsRequest,
  type PlanImportMapping,
} from '@metamorph/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from './client';
import { queryKeys } from './keys';
import { missionApiPath } from './missions';
import { uploadWithProgress } from './upload';

/** Automation imports into a mission (docs/automation.md). */

export interface ExecutionImportRequest {
  files: File[];
  createUnmatched: boolean;
  overwrite: boolean;
  dryRun: boolean;
  /** Only these procedures (`file#index`, as in the report). */
  only?: string[];
  onProgress?: (fraction: number) => void;
}

/** `POST /api/missions/:id/import/execution` (multipart) → 202 with the import job. */
export function useImportExecution(missionId: string) {
  return useMutation({
    mutationFn: ({
      files,
      createUnmatched,
      overwrite,
      dryRun,
      only,
      onProgress,
    }: ExecutionImportRequest) => {
      const form = new FormData();
      form.append('create_unmatched', String(createUnmatched));
      form.append('overwrite', String(overwrite));
      form.append('dry_run', String(dryRun));
      if (only?.length) form.append('only', only.join(','));
      for (const f of files) form.append('file', f, f.name);
      return uploadWithProgress(
        missionApiPath(missionId, '/import/execution'),
        form,
        JobAccepted,
        onProgress,
      );
    },
    meta: { silent: true },
  });
}

export interface PlanImportRequest {
  file: File;
  mapping: PlanImportMapping | null;
  scenarioName?: string;
  dryRun: boolean;
  /** An XLSX worksheet by name (else the server reads the first that holds a row). */
  sheet?: string | null;
}

/** `POST /api/missions/:id/import/plan`: preview (no mapping), check (dry run) or import. */
export function usePlanImport(missionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mapping, scenarioName, dryRun, sheet }: PlanImportRequest) => {
      const form = new FormData();
      if (sheet) form.append('sheet', sheet);
      if (mapping) form.append('mapping', JSON.stringify(mapping));
      if (scenarioName?.trim()) form.append('scenario_name', scenarioName.trim());
      form.append('dry_run', String(dryRun));
      form.append('file', file, file.name);
      return uploadWithProgress(missionApiPath(missionId, '/import/plan'), form, PlanImportResult);
    },
    onSuccess: (result) => {
      if (result.applied) void qc.invalidateQueries({ queryKey: queryKeys.mission(missionId) });
    },
    meta: { silent: true },
  });
}

/**
 * `POST /api/missions/:id/import/caldera/operations`: a Caldera server's operations, for the
 * picker. A mutation, not a query: the API key travels in the body and is never cached.
 */
export function useCalderaOperations(missionId: string) {
  return useMutation({
    mutationFn: (req: CalderaOperationsRequest) =>
      apiSend(
        'POST',
        missionApiPath(missionId, '/import/caldera/operations'),
        req,
        CalderaOperationList,
      ),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/import/caldera` → 202 with the same import job as a file. */
export function useImportCaldera(missionId: string) {
  return useMutation({
    mutationFn: (req: CalderaImportRequest) =>
      apiSend('POST', missionApiPath(missionId, '/import/caldera'), req, JobAccepted),
    meta: { silent: true },
  });
}
