import { Settings, type UpdateSettingsRequest } from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

/** `GET /api/settings`; pass `enabled: false` for users without `admin.settings`. */
export function useSettings({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.settings(),
    queryFn: ({ signal }) => apiGet('/api/settings', Settings, { signal }),
    enabled,
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettingsRequest) => apiSend('PATCH', '/api/settings', body, Settings),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings(), settings),
    meta: { silent: true },
  });
}
