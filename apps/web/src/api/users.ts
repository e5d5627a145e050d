import {
  CreatedUser,
  ResetPasswordResponse,
  User,
  UserList,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

export interface UserFilters {
  q?: string | undefined;
  disabled?: 'true' | 'false' | undefined;
}

function userPath(id: string): string {
  return `/api/users/${encodeURIComponent(id)}`;
}

/** `GET /api/users`, one page of up to 500 (small instances have far fewer). */
export function useUsers(filters: UserFilters) {
  const params = new URLSearchParams({ limit: '500' });
  if (filters.q) params.set('q', filters.q);
  if (filters.disabled) params.set('disabled', filters.disabled);
  return useQuery({
    queryKey: queryKeys.userList({ q: filters.q, disabled: filters.disabled }),
    queryFn: ({ signal }) => apiGet(`/api/users?${params.toString()}`, UserList, { signal }),
    placeholderData: (previous) => previous,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => apiSend('POST', '/api/users', body, CreatedUser),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
    meta: { silent: true },
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserRequest }) =>
      apiSend('PATCH', userPath(id), body, User),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.roles() });
    },
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend('POST', `${userPath(id)}/reset-password`, {}, ResetPasswordResponse),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}
