import { HealthResponse, Job, ReadyResponse } from '@metamorph/contract';
import type { JobStatus } from '@metamorph/contract';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './client';
import { queryKeys } from './keys';

/** How often the status card re-checks the server while it is on screen. */
const STATUS_REFRESH_MS = 15_000;
const JOB_POLL_MS = 1_000;

/** `GET /healthz`: the process is up; version and uptime. */
export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: ({ signal }) => apiGet('/healthz', HealthResponse, { signal }),
    refetchInterval: STATUS_REFRESH_MS,
    // The probes refresh on their own; show a failure at once rather than retrying.
    retry: false,
  });
}

/** `GET /readyz`: database reachable and migrations applied (503 problem otherwise). */
export function useReady() {
  return useQuery({
    queryKey: queryKeys.ready(),
    queryFn: ({ signal }) => apiGet('/readyz', ReadyResponse, { signal }),
    refetchInterval: STATUS_REFRESH_MS,
    // The probes refresh on their own; show a failure at once rather than retrying.
    retry: false,
  });
}

const activeJobStatuses: ReadonlySet<JobStatus> = new Set(['queued', 'running']);

export function isJobActive(status: JobStatus): boolean {
  return activeJobStatuses.has(status);
}

/** `GET /api/jobs/:id`, polled every second while the job is queued or running. */
export function useJob(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.job(id ?? ''),
    queryFn: ({ signal }) => apiGet(`/api/jobs/${encodeURIComponent(id ?? '')}`, Job, { signal }),
    enabled: Boolean(id),
    refetchInterval: (query) => {
      const job = query.state.data;
      if (query.state.status === 'error') return false;
      return !job || isJobActive(job.status) ? JOB_POLL_MS : false;
    },
    refetchIntervalInBackground: true,
  });
}
