import { notifications } from '@mantine/notifications';
import { ErrorCode } from '@metamorph/contract';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { describeError } from './describe-error';
import { ApiError, ContractError } from './errors';
import { queryKeys } from './keys';

const MAX_RETRIES = 2;

/** Client errors and contract mismatches will not heal by retrying. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ContractError) return false;
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < MAX_RETRIES;
}

/**
 * The session ended (401) or the server demands a new password or MFA setup (403
 * `password_change_required` / `mfa_enrollment_required`): re-ask who we are, and the
 * auth guard takes the user to the login, change-password or MFA setup page. Returns true when handled.
 */
function handleAuthError(client: QueryClient, error: unknown, key?: readonly unknown[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const isMe = key !== undefined && key[0] === queryKeys.me()[0] && key.length === 1;
  if (
    error.code === ErrorCode.PasswordChangeRequired ||
    error.code === ErrorCode.MfaEnrollmentRequired ||
    error.status === 401
  ) {
    if (!isMe) void client.invalidateQueries({ queryKey: queryKeys.me(), exact: true });
    return true;
  }
  return false;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
    queryCache: new QueryCache({
      onError: (error, query) => {
        handleAuthError(client, error, query.queryKey);
      },
    }),
    // Queries render their own error states; a failed write is announced here
    // unless the mutation opts out with `meta: { silent: true }`.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (handleAuthError(client, error) && !(mutation.meta?.silent === true)) {
          const { title, detail } = describeError(error);
          notifications.show({ color: 'yellow', title, message: detail });
          return;
        }
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
  return client;
}
