import { AuditPage, AuditVerifyResponse } from '@metamorph/contract';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { apiGet } from './client';
import { queryKeys } from './keys';

export interface AuditFilters {
  action?: string | undefined;
  actor?: string | undefined;
  target_type?: string | undefined;
  target_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const PAGE_SIZE = 50;

/** `GET /api/audit`, newest first, with cursor paging ("Load more"). */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.auditPage({ ...filters }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      for (const [key, value] of Object.entries(filters)) {
        if (typeof value === 'string' && value !== '') params.set(key, value);
      }
      if (pageParam) params.set('cursor', pageParam);
      return apiGet(`/api/audit?${params.toString()}`, AuditPage, { signal });
    },
    getNextPageParam: (last) => last.next_cursor,
  });
}

/** `GET /api/audit/verify`: a read, but run on demand, so a mutation. */
export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => apiGet('/api/audit/verify', AuditVerifyResponse),
    meta: { silent: true },
  });
}
