import {
  Role,
  RoleList,
  type CreateRoleRequest,
  type UpdateRoleRequest,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

function rolePath(id: string): string {
  return `/api/roles/${encodeURIComponent(id)}`;
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: queryKeys.roles(),
    queryFn: ({ signal }) => apiGet('/api/roles', RoleList, { signal }),
    enabled,
  });
}

export function useSaveRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      body,
    }: {
      id: string | null;
      body: CreateRoleRequest | UpdateRoleRequest;
    }) =>
      id ? apiSend('PATCH', rolePath(id), body, Role) : apiSend('POST', '/api/roles', body, Role),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.roles() });
      // Effective permissions of the signed-in admin may have changed too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.me() });
    },
    meta: { silent: true },
  });
}

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', rolePath(id), undefined, z.unknown()),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.roles() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
    },
  });
}
