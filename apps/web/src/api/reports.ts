import { queryKeys } from './keys';
import {
  ExecutiveSummary,
  RedactionPreview,
  Report,
  ReportAccepted,
  ReportList,
  type ExecutiveSummaryUpdate,
  type ReportOptions,
  type ReportRequest,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { missionApiPath } from './missions';

/** Mission reports (history, generation, download), the executive summary, redaction preview. */

const reportsKey = queryKeys.reports;
const summaryKey = queryKeys.executiveSummary;

const REPORT_POLL_MS = 1000;
const active = (r: Report) => r.status === 'queued' || r.status === 'running';

export const reportContentPath = (id: string) => `/api/reports/${encodeURIComponent(id)}/content`;

/** `GET /api/missions/:id/reports`, newest first; polled while a report is being written. */
export function useReports(missionId: string) {
  return useQuery({
    queryKey: reportsKey(missionId),
    queryFn: ({ signal }) => apiGet(missionApiPath(missionId, '/reports'), ReportList, { signal }),
    refetchInterval: (q) => (q.state.data?.items.some(active) ? REPORT_POLL_MS : false),
  });
}

/** `GET /api/reports/:id`, polled until the report is written or failed. */
export function useReport(id: string | null) {
  return useQuery({
    queryKey: queryKeys.report(id ?? ''),
    queryFn: ({ signal }) =>
      apiGet(`/api/reports/${encodeURIComponent(id ?? '')}`, Report, { signal }),
    enabled: Boolean(id),
    refetchInterval: (q) => (!q.state.data || active(q.state.data) ? REPORT_POLL_MS : false),
  });
}

/** `POST /api/missions/:id/reports` → 202 with the report row and its job. */
export function useCreateReport(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportRequest) =>
      apiSend('POST', missionApiPath(missionId, '/reports'), body, ReportAccepted),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reportsKey(missionId) }),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/reports/redaction-preview`: what the options would mask. */
export function useRedactionPreview(missionId: string, options: ReportOptions, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.redactionPreview(missionId, options),
    queryFn: ({ signal }) =>
      apiSend(
        'POST',
        missionApiPath(missionId, '/reports/redaction-preview'),
        options,
        RedactionPreview,
        {
          signal,
        },
      ),
    enabled,
  });
}

export function useExecutiveSummary(missionId: string) {
  return useQuery({
    queryKey: summaryKey(missionId),
    queryFn: ({ signal }) =>
      apiGet(missionApiPath(missionId, '/executive-summary'), ExecutiveSummary, { signal }),
  });
}

/** `PUT /api/missions/:id/executive-summary` with the version read (409 when stale). */
export function useSaveExecutiveSummary(missionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExecutiveSummaryUpdate) =>
      apiSend('PUT', missionApiPath(missionId, '/executive-summary'), body, ExecutiveSummary),
    onSuccess: (saved) => queryClient.setQueryData(summaryKey(missionId), saved),
    meta: { silent: true },
  });
}
