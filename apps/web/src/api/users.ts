import {
  CreatedUser,
  ResetPasswordResponse,
  User,
  UserList,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '@metamorph/contract';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

export interface UserFilters {
  q?: string | undefined;
  disabled?: 'true' | 'false' | undefined;
}

function userPath(id: string): string {
  return `/api/users/${encodeURIComponent(id)}`;
}

const PAGE_SIZE = 100;

/** `GET /api/users` by email, with cursor paging ("Load more"). */
export function useUsers(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.userList({ q: filters.q, disabled: filters.disabled }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (filters.q) params.set('q', filters.q);
      if (filters.disabled) params.set('disabled', filters.disabled);
      if (pageParam) params.set('cursor', pageParam);
      return apiGet(`/api/users?${params.toString()}`, UserList, { signal });
    },
    getNextPageParam: (last) => last.next_cursor,
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
