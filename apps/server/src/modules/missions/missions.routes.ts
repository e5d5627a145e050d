import {
  AddScenarioRequest,
  MemberAdd,
  MemberCandidateQuery,
  MemberCandidates,
  MemberParams,
  MemberUpdate,
  Mission,
  MissionCreate,
  MissionMemberList,
  MissionPage,
  MissionParams,
  MissionPlan,
  MissionQuery,
  MissionScenario,
  MissionUpdate,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import { sendCachedJson } from '../../platform/http/cached-json.js';
import { CloneRequest, type CloneService } from './clone.service.js';
import type { MembersService } from './members.service.js';
import type { MissionsService } from './missions.service.js';
import type { PlanService } from './plan.service.js';

/**
 * Mission routes. Order of checks: 401 → 404 (not visible: not a member, deleted) → 403
 * (visible, not manageable) → 422 → 409. Bodies are validated after visibility, in the
 * services, so a non-member never learns more than 404.
 */
export function missionsRoutes(
  app: App,
  s: { missions: MissionsService; members: MembersService; plan: PlanService; clone: CloneService },
): void {
  const tags = ['missions'];
  const config = { auth: 'user' } as const;
  const read = { auth: 'user', mission: 'read' } as const;
  const manage = { auth: 'user', mission: 'manage' } as const;
  app.get(
    '/api/missions',
    {
      config,
      schema: {
        tags,
        summary: 'Missions the caller may see (members; admin.missions sees all)',
        querystring: MissionQuery,
        response: { 200: MissionPage },
      },
    },
    async (request) => s.missions.list(request.auditContext(), request.query),
  );
  app.post(
    '/api/missions',
    {
      config: { permission: 'mission.create' },
      schema: {
        tags,
        summary: 'Create a mission; the creator becomes its lead',
        body: MissionCreate,
        response: { 201: Mission },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.missions.create(request.auditContext(), request.body)),
  );
  app.get(
    '/api/missions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A mission (404 unless a member or admin.missions)',
        params: MissionParams,
        response: { 200: Mission },
      },
    },
    async (request) => s.missions.get(request.auditContext(), request.params.id),
  );
  app.patch(
    '/api/missions/:id',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Edit a mission or change its status (lead with mission.manage, or admin.missions)',
        params: MissionParams,
        body: MissionUpdate,
        response: { 200: Mission },
      },
    },
    async (request) => s.missions.update(request.auditContext(), request.params.id, request.body),
  );
  app.delete(
    '/api/missions/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Soft-delete a mission (admins can restore it)',
        params: MissionParams,
      },
    },
    async (request, reply) => {
      await s.missions.setDeleted(request.auditContext(), request.params.id, true);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/missions/:id/restore',
    {
      config: { ...read, permission: 'admin.missions' },
      schema: {
        tags,
        summary: 'Restore a soft-deleted mission (admin.missions)',
        params: MissionParams,
        response: { 200: Mission },
      },
    },
    async (request) => s.missions.restore(request.auditContext(), request.params.id),
  );
  app.get(
    '/api/missions/:id/members',
    {
      config: read,
      schema: {
        tags,
        summary: 'Members and their mission roles',
        params: MissionParams,
        response: { 200: MissionMemberList },
      },
    },
    async (request) => s.members.list(request.auditContext(), request.params.id),
  );
  app.get(
    '/api/missions/:id/member-candidates',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Active users who are not members yet, by email or name (for leads adding members)',
        params: MissionParams,
        querystring: MemberCandidateQuery,
        response: { 200: MemberCandidates },
      },
    },
    async (request) =>
      s.members.candidates(request.auditContext(), request.params.id, request.query.q),
  );
  app.post(
    '/api/missions/:id/members',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a member with a mission role',
        params: MissionParams,
        body: MemberAdd,
        response: { 201: MissionMemberList },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await s.members.add(
            request.auditContext(),
            request.params.id,
            request.body.user_id,
            request.body.role,
          ),
        ),
  );
  app.patch(
    '/api/missions/:id/members/:userId',
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a member's mission role",
        params: MemberParams,
        body: MemberUpdate,
        response: { 200: MissionMemberList },
      },
    },
    async (request) =>
      s.members.change(
        request.auditContext(),
        request.params.id,
        request.params.userId,
        request.body.role,
      ),
  );
  app.delete(
    '/api/missions/:id/members/:userId',
    {
      config: manage,
      schema: { tags, summary: 'Remove a member (a mission keeps one lead)', params: MemberParams },
    },
    async (request, reply) => {
      await s.members.change(
        request.auditContext(),
        request.params.id,
        request.params.userId,
        null,
      );
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/missions/:id/plan',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Scenarios and tests in order (blue-only members do not see hidden tests); ETag, 304 on If-None-Match',
        params: MissionParams,
        response: { 200: MissionPlan },
      },
    },
    async (request, reply) => {
      // The guard has read the mission (and its change sequence) for this request. The plan
      // of a big mission is ~600 KB: sent as cached JSON text built from typed rows by typed
      // code (the schema stays for the OpenAPI document; tests parse the answer with it).
      const access = request.missionAccess!;
      return sendCachedJson(request, reply, s.plan.etag(access), async () =>
        s.plan.serialisedJson(access),
      );
    },
  );
  app.post(
    '/api/missions/:id/scenarios',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Snapshot a scenario template or test templates into the mission',
        params: MissionParams,
        body: AddScenarioRequest,
        response: { 201: MissionScenario },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.plan.addScenario(request.auditContext(), request.params.id, request.body)),
  );
  app.post(
    '/api/missions/:id/clone',
    {
      config: { ...read, permission: 'mission.create' },
      schema: {
        tags,
        summary:
          'Clone a mission: structure only, fresh states, linked to the source (mission.create)',
        params: MissionParams,
        body: CloneRequest,
        response: { 201: Mission },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await s.clone.clone(request.auditContext(), request.params.id, request.body.name)),
  );
}
