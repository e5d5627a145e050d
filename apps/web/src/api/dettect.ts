import {
  ClaimedVsTested,
  DettectClaims,
  DettectClaimsState,
  type DettectImport,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';

/** DeTT&CT claims of a client, claimed vs tested, the export (docs/threat-coverage.md). */

const enc = encodeURIComponent;
export const dettectPath = (clientId: string) => `/api/clients/${enc(clientId)}/dettect`;
/** The techniques-administration YAML of the client's tested coverage (report.export). */
export const dettectExportHref = (clientId: string) => `${dettectPath(clientId)}/export`;

export function useDettectClaims(clientId: string) {
  return useQuery({
    queryKey: queryKeys.threats.dettect(clientId),
    queryFn: ({ signal }) => apiGet(dettectPath(clientId), DettectClaimsState, { signal }),
  });
}

export function useClaimedVsTested(clientId: string, profileId: string) {
  return useQuery({
    queryKey: queryKeys.threats.claimedVsTested(clientId, profileId),
    queryFn: ({ signal }) =>
      apiGet(
        `${dettectPath(clientId)}/claimed-vs-tested?profile_id=${enc(profileId)}`,
        ClaimedVsTested,
        { signal },
      ),
  });
}

/** `POST /api/clients/:id/dettect` → 201 with the stored claims (422 lists every problem). */
export function useImportDettect(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DettectImport) =>
      apiSend('POST', dettectPath(clientId), body, DettectClaims),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: queryKeys.threats.dettect(clientId) }),
    meta: { silent: true },
  });
}
