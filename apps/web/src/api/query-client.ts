import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { describeError } from './describe-error';
import { ApiError, ContractError } from './errors';

const MAX_RETRIES = 2;

/** Client errors and contract mismatches will not heal by retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ContractError) return false;
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
    // Queries render their own error states; a failed write is announced here
    // unless the mutation opts out with `meta: { silent: true }`.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.silent === true) return;
        const { title, detail, requestId } = describeError(error);
        notifications.show({
          color: 'red',
          title,
          message: requestId ? `${detail} (request ${requestId})` : detail,
        });
      },
    }),
  });
}
