import {
  IdParams,
  ScenarioTemplate,
  ScenarioTemplateCreate,
  ScenarioTemplatePage,
  ScenarioTemplateQuery,
  ScenarioTemplateUpdate,
  TestTemplate,
  TestTemplateCreate,
  TestTemplatePage,
  TestTemplateQuery,
  TestTemplateUpdate,
  VersionQuery,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import type { LibraryBrowseService } from './browse.service.js';
import type { ScenarioTemplatesService } from './scenarios.service.js';
import type { TestTemplatesService } from './tests.service.js';

export interface LibraryServices {
  tests: TestTemplatesService;
  browse: LibraryBrowseService;
  scenarios: ScenarioTemplatesService;
}

/** Test and scenario templates: library.read to read, library.write to change. */
export function libraryRoutes(app: App, s: LibraryServices): void {
  const tags = ['library'];
  const read = { permission: 'library.read' } as const;
  const write = { permission: 'library.write' } as const;

  app.get(
    '/api/library/tests',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Search test templates (text, technique incl. sub-techniques, tactic, platform, tag, source, flagged) with facet counts',
        querystring: TestTemplateQuery,
        response: { 200: TestTemplatePage },
      },
    },
    async (request) => s.browse.searchTests(request.auditContext(), request.query),
  );

  app.post(
    '/api/library/tests',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a test template',
        body: TestTemplateCreate,
        response: { 201: TestTemplate },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.tests.create(request.auditContext(), request.body)),
  );

  app.get(
    '/api/library/tests/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A test template',
        params: IdParams,
        response: { 200: TestTemplate },
      },
    },
    async (request) => s.tests.get(request.auditContext(), request.params.id),
  );

  app.put(
    '/api/library/tests/:id',
    {
      config: write,
      schema: {
        tags,
        summary:
          "Replace a test template's fields; `version` must be the one read (409 when stale)",
        params: IdParams,
        body: TestTemplateUpdate,
        response: { 200: TestTemplate },
      },
    },
    async (request) => s.tests.update(request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/api/library/tests/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a test template (missions keep their snapshots); `?version=` guards',
        params: IdParams,
        querystring: VersionQuery,
      },
    },
    async (request, reply) => {
      await s.tests.delete(request.auditContext(), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/library/scenarios',
    {
      config: read,
      schema: {
        tags,
        summary: 'Scenario templates with their test counts',
        querystring: ScenarioTemplateQuery,
        response: { 200: ScenarioTemplatePage },
      },
    },
    async (request) => s.scenarios.list(request.auditContext(), request.query),
  );

  app.post(
    '/api/library/scenarios',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a scenario template from an ordered list of test templates',
        body: ScenarioTemplateCreate,
        response: { 201: ScenarioTemplate },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.scenarios.create(request.auditContext(), request.body)),
  );

  app.get(
    '/api/library/scenarios/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A scenario template with its tests in order',
        params: IdParams,
        response: { 200: ScenarioTemplate },
      },
    },
    async (request) => s.scenarios.get(request.auditContext(), request.params.id),
  );

  app.put(
    '/api/library/scenarios/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Replace a scenario template (name, tags, ordered tests); `version` guards',
        params: IdParams,
        body: ScenarioTemplateUpdate,
        response: { 200: ScenarioTemplate },
      },
    },
    async (request) => s.scenarios.update(request.auditContext(), request.params.id, request.body),
  );

  app.delete(
    '/api/library/scenarios/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a scenario template (its tests stay in the library)',
        params: IdParams,
        querystring: VersionQuery,
      },
    },
    async (request, reply) => {
      await s.scenarios.delete(request.auditContext(), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );
}
