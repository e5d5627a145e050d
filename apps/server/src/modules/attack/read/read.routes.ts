import {
  DomainQuery,
  GroupDetail,
  GroupList,
  GroupParams,
  GroupQuery,
  Matrix,
  MatrixQuery,
  ReleaseDiff,
  ReleaseDiffParams,
  TechniqueDetail,
  TechniquePage,
  TechniqueParams,
  TechniqueQuery,
} from '@metamorph/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../context.js';
import { sendCachedJson } from '../../../platform/http/cached-json.js';
import type { CatalogService } from './catalog.service.js';
import type { DiffService } from './diff.service.js';
import type { MatrixBody, MatrixService } from './matrix.service.js';

export interface AttackReadServices {
  matrix: MatrixService;
  catalog: CatalogService;
  diff: DiffService;
}

/** A matrix serialised once, or 304 when the client has it. */
function sendMatrix(request: FastifyRequest, reply: FastifyReply, body: MatrixBody) {
  return sendCachedJson(request, reply, body.etag, () => body.json);
}

/** The ATT&CK catalog's read side: any signed-in user. */
export function attackReadRoutes(app: App, s: AttackReadServices): void {
  const tags = ['attack'];
  const config = { auth: 'user' } as const;

  app.get(
    '/api/attack/matrix',
    {
      config,
      schema: {
        tags,
        summary:
          'Tactics of the current release in matrix order, with techniques and nested sub-techniques',
        querystring: MatrixQuery,
        response: { 200: Matrix },
      },
    },
    async (request, reply) => {
      const body = await s.matrix.matrix(request.query.domain, {
        includeRevoked: request.query.include_revoked === 'true',
        includeDeprecated: request.query.include_deprecated === 'true',
      });
      return sendMatrix(request, reply, body);
    },
  );

  app.get(
    '/api/attack/techniques',
    {
      config,
      schema: {
        tags,
        summary: 'Search techniques by id prefix or name, tactic and platform, in id order',
        querystring: TechniqueQuery,
        response: { 200: TechniquePage },
      },
    },
    async (request) => s.catalog.searchTechniques(request.query),
  );

  app.get(
    '/api/attack/techniques/:externalId',
    {
      config,
      schema: {
        tags,
        summary: 'A technique with its sub-techniques, tactics, users and mitigations',
        params: TechniqueParams,
        querystring: DomainQuery,
        response: { 200: TechniqueDetail },
      },
    },
    async (request) => s.catalog.technique(request.query.domain, request.params.externalId),
  );

  app.get(
    '/api/attack/groups',
    {
      config,
      schema: {
        tags,
        summary: 'Groups of the current release, by id, name or alias',
        querystring: GroupQuery,
        response: { 200: GroupList },
      },
    },
    async (request) => s.catalog.groups(request.query.domain, request.query.q),
  );

  app.get(
    '/api/attack/groups/:externalId',
    {
      config,
      schema: {
        tags,
        summary: 'A group with the techniques and software it uses',
        params: GroupParams,
        querystring: DomainQuery,
        response: { 200: GroupDetail },
      },
    },
    async (request) => s.catalog.group(request.query.domain, request.params.externalId),
  );

  app.get(
    '/api/attack/releases/:a/diff/:b',
    {
      config,
      schema: {
        tags,
        summary:
          'Techniques added, changed, deprecated, revoked and removed from release a to release b',
        params: ReleaseDiffParams,
        response: { 200: ReleaseDiff },
      },
    },
    async (request) => s.diff.diff(request.params.a, request.params.b, request.actor),
  );
}
