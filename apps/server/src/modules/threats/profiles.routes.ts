import {
  IdParams,
  ThreatLayerImportQuery,
  ThreatProfile,
  ThreatProfileCreate,
  ThreatProfileList,
  ThreatProfileParams,
  ThreatProfileUpdate,
} from '@metamorph/contract';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../context.js';
import { validationFailed } from '../../platform/errors.js';
import { LAYER_MAX_BYTES } from '../missions/index.js';
import { PROFILE_WRITERS } from './client-access.js';
import { layerAsProfile } from './layer-import.js';
import type { ThreatProfilesService } from './profiles.service.js';

/** `If-Match: "7"` (or W/"7", or 7) → 7; absent or `*` → undefined (unconditional). */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) {
    throw validationFailed([
      { path: 'headers.if-match', message: 'must be the ETag of the threat profile, like "7"' },
    ]);
  }
  return Number(m[1]);
}

const withEtag = (reply: FastifyReply, p: ThreatProfile) => {
  void reply.header('etag', `"${p.version}"`);
  return p;
};

/** Threat profiles under /api/clients/:id/threat-profiles. */
export function profileRoutes(app: App, s: ThreatProfilesService): void {
  const tags = ['threat coverage'];
  const read = { auth: 'user' } as const;
  const write = { auth: 'user', permission: PROFILE_WRITERS } as const;
  const base = '/api/clients/:id/threat-profiles';
  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: "A client's threat profiles (client-scoped read, like coverage)",
        params: IdParams,
        response: { 200: ThreatProfileList },
      },
    },
    async (request) => ({ items: await s.list(request.auditContext(), request.params.id) }),
  );
  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a threat profile: ATT&CK groups, software, campaigns, extra techniques',
        params: IdParams,
        body: ThreatProfileCreate,
        response: { 201: ThreatProfile },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          withEtag(reply, await s.create(request.auditContext(), request.params.id, request.body)),
        ),
  );
  app.post(
    `${base}/import-layer`,
    {
      config: write,
      bodyLimit: LAYER_MAX_BYTES,
      schema: {
        tags,
        summary: 'A threat profile from a Navigator layer (techniques scored above 0 or listed)',
        params: IdParams,
        querystring: ThreatLayerImportQuery,
        body: z.unknown(),
        response: { 201: ThreatProfile },
      },
    },
    async (request, reply) => {
      const { layerName, ...body } = layerAsProfile(request.body, request.query.name);
      const p = await s.create(
        request.auditContext(),
        request.params.id,
        body,
        `layer:${layerName.slice(0, 200)}`,
      );
      return reply.code(201).send(withEtag(reply, p));
    },
  );
  app.get(
    `${base}/:profileId`,
    {
      config: read,
      schema: {
        tags,
        summary: 'One threat profile',
        params: ThreatProfileParams,
        response: { 200: ThreatProfile },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.get(request.auditContext(), request.params.id, request.params.profileId),
      ),
  );
  app.patch(
    `${base}/:profileId`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a threat profile (re-resolved against the current release; If-Match)',
        params: ThreatProfileParams,
        body: ThreatProfileUpdate,
        response: { 200: ThreatProfile },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await s.update(
          request.auditContext(),
          request.params.id,
          request.params.profileId,
          request.body,
          parseIfMatch(request.headers['if-match']),
        ),
      ),
  );
  app.delete(
    `${base}/:profileId`,
    {
      config: write,
      schema: { tags, summary: 'Delete a threat profile (If-Match)', params: ThreatProfileParams },
    },
    async (request, reply) => {
      await s.remove(
        request.auditContext(),
        request.params.id,
        request.params.profileId,
        parseIfMatch(request.headers['if-match']),
      );
      return reply.code(204).send();
    },
  );
}
