import {
  AdHocTestCreate,
  AssetCreate,
  AssetParams,
  AssetUpdate,
  LayerImportResult,
  MissionAsset,
  MissionAssetList,
  MissionParams,
  MissionPlan,
  ScenarioParams,
  ScenarioPatch,
  TestParams,
  TestPlanPatch,
} from '@metamorph/contract';
import { z } from 'zod';
import type { App } from '../../context.js';
import type { AssetsService } from './assets.service.js';
import type { LayerImportService } from './layer-import.service.js';
import { LAYER_MAX_BYTES } from './layer/limits.js';
import type { PlanEditService } from './plan-edit.service.js';
import type { PlanService } from './plan.service.js';

/** Assets, plan edits (order, assignment, soft delete), ad hoc tests and layer import. */
export function planRoutes(
  app: App,
  s: { assets: AssetsService; edit: PlanEditService; plan: PlanService; layer: LayerImportService },
): void {
  const tags = ['missions'];
  const read = { auth: 'user', mission: 'read' } as const;
  const manage = { auth: 'user', mission: 'manage' } as const;
  const plan = (request: {
    auditContext(): Parameters<PlanService['plan']>[0];
    params: { id: string };
  }) => s.plan.plan(request.auditContext(), request.params.id);

  app.get(
    '/api/missions/:id/assets',
    {
      config: read,
      schema: {
        tags,
        summary: 'Sources, targets, accounts, red tools, defence tools',
        params: MissionParams,
        response: { 200: MissionAssetList },
      },
    },
    async (request) => s.assets.list(request.auditContext(), request.params.id),
  );
  app.post(
    '/api/missions/:id/assets',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add an asset (defence tools need their layer)',
        params: MissionParams,
        body: AssetCreate,
        response: { 201: MissionAsset },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.assets.create(request.auditContext(), request.params.id, request.body)),
  );
  app.patch(
    '/api/missions/:id/assets/:assetId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename, describe, change the layer of or move an asset',
        params: AssetParams,
        body: AssetUpdate,
        response: { 200: MissionAsset },
      },
    },
    async (request) =>
      s.assets.update(
        request.auditContext(),
        request.params.id,
        request.params.assetId,
        request.body,
      ),
  );
  app.delete(
    '/api/missions/:id/assets/:assetId',
    { config: manage, schema: { tags, summary: 'Remove an asset', params: AssetParams } },
    async (request, reply) => {
      await s.assets.remove(request.auditContext(), request.params.id, request.params.assetId);
      return reply.code(204).send();
    },
  );
  app.patch(
    '/api/missions/:id/scenarios/:scenarioId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename or move a mission scenario (0-based position)',
        params: ScenarioParams,
        body: ScenarioPatch,
        response: { 200: MissionPlan },
      },
    },
    async (request) => {
      await s.edit.patchScenario(
        request.auditContext(),
        request.params.id,
        request.params.scenarioId,
        request.body,
      );
      return plan(request);
    },
  );
  app.delete(
    '/api/missions/:id/scenarios/:scenarioId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Soft-delete a mission scenario (its tests go with it)',
        params: ScenarioParams,
      },
    },
    async (request, reply) => {
      await s.edit.setScenarioDeleted(
        request.auditContext(),
        request.params.id,
        request.params.scenarioId,
        true,
      );
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/missions/:id/scenarios/:scenarioId/restore',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Restore a soft-deleted mission scenario',
        params: ScenarioParams,
        response: { 200: MissionPlan },
      },
    },
    async (request) => {
      await s.edit.setScenarioDeleted(
        request.auditContext(),
        request.params.id,
        request.params.scenarioId,
        false,
      );
      return plan(request);
    },
  );
  app.post(
    '/api/missions/:id/tests',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add an ad hoc test to a scenario of the mission',
        params: MissionParams,
        body: AdHocTestCreate,
        response: { 201: MissionPlan },
      },
    },
    async (request, reply) => {
      await s.edit.addAdHoc(request.auditContext(), request.params.id, request.body);
      return reply.code(201).send(await plan(request));
    },
  );
  app.patch(
    '/api/missions/:id/tests/:testId/plan',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Move, assign, schedule or hide a test (leads)',
        params: TestParams,
        body: TestPlanPatch,
        response: { 200: MissionPlan },
      },
    },
    async (request) => {
      await s.edit.patchTest(
        request.auditContext(),
        request.params.id,
        request.params.testId,
        request.body,
      );
      return plan(request);
    },
  );
  app.delete(
    '/api/missions/:id/tests/:testId',
    { config: manage, schema: { tags, summary: 'Soft-delete a test', params: TestParams } },
    async (request, reply) => {
      await s.edit.setTestDeleted(
        request.auditContext(),
        request.params.id,
        request.params.testId,
        true,
      );
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/missions/:id/tests/:testId/restore',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Restore a soft-deleted test',
        params: TestParams,
        response: { 200: MissionPlan },
      },
    },
    async (request) => {
      await s.edit.setTestDeleted(
        request.auditContext(),
        request.params.id,
        request.params.testId,
        false,
      );
      return plan(request);
    },
  );
  app.post(
    '/api/missions/:id/import/layer',
    {
      config: manage,
      bodyLimit: LAYER_MAX_BYTES,
      schema: {
        tags,
        summary: 'Plan from an ATT&CK Navigator layer (4.x): one test per live technique',
        params: MissionParams,
        body: z.unknown(),
        response: { 201: LayerImportResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.layer.import(request.auditContext(), request.params.id, request.body)),
  );
}
