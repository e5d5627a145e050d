import { ApiTokenList, CreatedApiToken, type CreateApiTokenRequest } from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens(),
    queryFn: ({ signal }) => apiGet('/api/me/tokens', ApiTokenList, { signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenRequest) =>
      apiSend('POST', '/api/me/tokens', body, CreatedApiToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens() }),
    meta: { silent: true },
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend('DELETE', `/api/me/tokens/${encodeURIComponent(id)}`, undefined, z.unknown()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
