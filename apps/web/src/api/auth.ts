import {
  ErrorCode,
  LoginResponse,
  Me,
  SessionList,
  type ChangePasswordRequest,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiGet, apiSend } from './client';
import { queryKeys } from './keys';

/** `GET /api/auth/me`; `null` when nobody is signed in (401). */
export function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  return apiGet('/api/auth/me', Me, { signal }).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  });
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
  });
}

export function isPasswordChangeRequired(error: unknown): boolean {
  return error instanceof ApiError && error.code === ErrorCode.PasswordChangeRequired;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      apiSend('POST', '/api/auth/login', body, LoginResponse),
    onSuccess: (response) => {
      // A new identity: nothing cached for the previous one may leak into it.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' });
      queryClient.setQueryData(queryKeys.me(), response.user);
    },
    meta: { silent: true },
  });
}

let signedOut = false;

/**
 * True once after a deliberate sign-out: the auth guard then sends the user to the
 * sign-in page without a `next`, so whoever signs in next starts afresh.
 */
export function consumeSignedOut(): boolean {
  const was = signedOut;
  signedOut = false;
  return was;
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      apiSend('POST', '/api/auth/logout', everywhere ? { everywhere: true } : {}, z.unknown()),
    onSuccess: () => {
      signedOut = true;
      // Only inactive queries go now: removing the data of a page that is still mounted
      // would make it refetch without a session (a 401). The next sign-in clears the rest.
      queryClient.removeQueries({
        type: 'inactive',
        predicate: (q) => q.queryKey[0] !== 'system',
      });
      queryClient.setQueryData(queryKeys.me(), null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => apiSend('POST', '/api/auth/password', body, Me),
    onSuccess: (me) => {
      queryClient.setQueryData(queryKeys.me(), me);
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions() });
    },
    meta: { silent: true },
  });
}

export function useSessions() {
  return useQuery({
    queryKey: queryKeys.sessions(),
    queryFn: ({ signal }) => apiGet('/api/me/sessions', SessionList, { signal }),
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: { id: string; current: boolean }) =>
      apiSend(
        'DELETE',
        `/api/me/sessions/${encodeURIComponent(session.id)}`,
        undefined,
        z.unknown(),
      ),
    onSuccess: (_data, session) => {
      // Ending the session in use signs this browser out.
      if (session.current) {
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' });
        queryClient.setQueryData(queryKeys.me(), null);
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions() }),
  });
}
