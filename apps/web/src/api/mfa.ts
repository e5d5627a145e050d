import {
  LoginResponse,
  MfaEnrollment,
  MfaRecoveryCodes,
  User,
  type MfaConfirmRequest,
} from '@metamorph/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiSend } from './client';
import { queryKeys } from './keys';

/** `POST /api/auth/mfa`: the second sign-in step (a TOTP or recovery code). */
export function useMfaChallenge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiSend('POST', '/api/auth/mfa', { code }, LoginResponse),
    onSuccess: (response) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system' });
      queryClient.setQueryData(queryKeys.me(), response.user);
    },
    meta: { silent: true },
  });
}

/** Starts (or restarts) enrolment: a new secret with its QR code. */
export function useStartMfaEnrollment() {
  return useMutation({
    mutationFn: () => apiSend('POST', '/api/me/mfa/enroll', {}, MfaEnrollment),
    meta: { silent: true },
  });
}

/**
 * Turns MFA on with a code. `me` is refreshed by the caller once the recovery codes
 * have been seen: refreshing at once would take the forced-setup page away.
 */
export function useVerifyMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiSend('POST', '/api/me/mfa/verify', { code }, MfaRecoveryCodes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions() }),
    meta: { silent: true },
  });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaConfirmRequest) => apiSend('DELETE', '/api/me/mfa', body, z.unknown()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true }),
    meta: { silent: true },
  });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaConfirmRequest) =>
      apiSend('POST', '/api/me/mfa/recovery-codes', body, MfaRecoveryCodes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true }),
    meta: { silent: true },
  });
}

/** Admin: remove a user's second factor (lost device). */
export function useResetUserMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend('POST', `/api/users/${encodeURIComponent(id)}/reset-mfa`, {}, User),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}
