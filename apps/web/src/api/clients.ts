import { Client, ClientList, type ClientCreate, type ClientUpdate } from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

function clientPath(id: string): string {
  return `/api/clients/${encodeURIComponent(id)}`;
}

/** `GET /api/clients` (mission.create or admin.missions). */
export function useClients(enabled = true) {
  return useQuery({
    queryKey: queryKeys.clientList(),
    queryFn: ({ signal }) => apiGet('/api/clients', ClientList, { signal }),
    enabled,
  });
}

/** `POST /api/clients` → 201 with the client. */
export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientCreate) => apiSend('POST', '/api/clients', body, Client),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients.all }),
    meta: { silent: true },
  });
}

/** `PATCH /api/clients/:id`: rename, notes. */
export function useUpdateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ClientUpdate }) =>
      apiSend('PATCH', clientPath(id), body, Client),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.clients.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.missions.all });
    },
    meta: { silent: true },
  });
}

/** `DELETE /api/clients/:id` (admin.missions; 409 while it has missions). */
export function useDeleteClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend('DELETE', clientPath(id), undefined, z.unknown()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients.all }),
    meta: { silent: true },
  });
}
