import {
  LayerImportResult,
  MissionPlan,
  MissionScenario,
  type AdHocTestCreate,
  type AddScenarioRequest,
  type ScenarioPatch,
  type TestPlanPatch,
} from '@metamorph/contract';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiSend } from './client';
import { queryKeys } from './keys';
import { missionApiPath, refreshLists } from './missions';

/** The mission plan: scenarios and tests, their edits, ad hoc tests and layer import. */

export function usePlan(id: string) {
  return useQuery({
    queryKey: queryKeys.missionPlan(id),
    queryFn: ({ signal }) => apiGet(missionApiPath(id, '/plan'), MissionPlan, { signal }),
  });
}

/** Every change to the plan refreshes the plan and the mission's counts. */
function refreshPlan(queryClient: QueryClient, id: string): void {
  void queryClient.invalidateQueries({ queryKey: queryKeys.missionPlan(id) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.mission(id), exact: true });
  refreshLists(queryClient);
}

/** `POST /api/missions/:id/scenarios`: a scenario template or test templates, snapshotted. */
export function useAddScenario(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddScenarioRequest) =>
      apiSend('POST', missionApiPath(id, '/scenarios'), body, MissionScenario),
    onSettled: () => refreshPlan(queryClient, id),
    meta: { silent: true },
  });
}

/**
 * Changes to the plan: rename/move a scenario, plan/move a test, soft-delete or restore either.
 * `optimistic` is the plan to show until the server answers (a reorder), rolled back on failure.
 */
export type PlanChange =
  | { kind: 'scenario'; scenarioId: string; body: ScenarioPatch }
  | { kind: 'test'; testId: string; body: TestPlanPatch }
  | { kind: 'delete-scenario'; scenarioId: string }
  | { kind: 'delete-test'; testId: string }
  | { kind: 'restore-scenario'; scenarioId: string }
  | { kind: 'restore-test'; testId: string };

/** The method and path of a plan change (its body is `change.body`, when it has one). */
export function planChangeRequest(
  id: string,
  change: PlanChange,
): { method: 'PATCH' | 'DELETE' | 'POST'; path: string; body?: ScenarioPatch | TestPlanPatch } {
  const scenario = (sid: string, rest = '') =>
    missionApiPath(id, `/scenarios/${encodeURIComponent(sid)}${rest}`);
  const test = (tid: string, rest = '') =>
    missionApiPath(id, `/tests/${encodeURIComponent(tid)}${rest}`);
  switch (change.kind) {
    case 'scenario':
      return { method: 'PATCH', path: scenario(change.scenarioId), body: change.body };
    case 'test':
      return { method: 'PATCH', path: test(change.testId, '/plan'), body: change.body };
    case 'delete-scenario':
      return { method: 'DELETE', path: scenario(change.scenarioId) };
    case 'delete-test':
      return { method: 'DELETE', path: test(change.testId) };
    case 'restore-scenario':
      return { method: 'POST', path: scenario(change.scenarioId, '/restore') };
    case 'restore-test':
      return { method: 'POST', path: test(change.testId, '/restore') };
  }
}

export function usePlanChange(id: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.missionPlan(id);
  return useMutation({
    mutationFn: ({ change }: { change: PlanChange; optimistic?: MissionPlan }) => {
      const r = planChangeRequest(id, change);
      return apiSend(r.method, r.path, r.body, z.unknown());
    },
    onMutate: async ({ optimistic }) => {
      if (!optimistic) return { previous: undefined };
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<MissionPlan>(key);
      queryClient.setQueryData(key, optimistic);
      return { previous };
    },
    onError: (_e, _v, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => refreshPlan(queryClient, id),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/tests`: an ad hoc test written in the mission (201 with the plan). */
export function useAddAdHocTest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdHocTestCreate) =>
      apiSend('POST', missionApiPath(id, '/tests'), body, MissionPlan),
    onSuccess: (plan) => queryClient.setQueryData(queryKeys.missionPlan(id), plan),
    onSettled: () => refreshPlan(queryClient, id),
    meta: { silent: true },
  });
}

/** `POST /api/missions/:id/import/layer`: plan from an ATT&CK Navigator layer (JSON body). */
export function useImportLayer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (layer: unknown) =>
      apiSend('POST', missionApiPath(id, '/import/layer'), layer, LayerImportResult),
    onSettled: () => refreshPlan(queryClient, id),
    meta: { silent: true },
  });
}
