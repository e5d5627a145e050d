import { LibraryDocument, LibraryExportQuery, LibraryImportResult } from '@metamorph/contract';
import type { App } from '../../context.js';
import type { LibraryIoService } from './io.service.js';

/** Library documents are JSON; a whole library of ~2,000 templates is a few MB. */
export const LIBRARY_DOCUMENT_LIMIT = 64 * 1024 * 1024;

export function libraryIoRoutes(app: App, io: LibraryIoService): void {
  const tags = ['library'];
  app.get(
    '/api/library/export',
    {
      config: { permission: 'library.read' },
      schema: {
        tags,
        summary:
          'The library (or the test and scenario keys given, comma-separated) as a versioned JSON document',
        querystring: LibraryExportQuery,
        response: { 200: LibraryDocument },
      },
    },
    async (request, reply) => {
      const doc = await io.export(request.auditContext(), request.query);
      const stamp = doc.exported_at.slice(0, 10);
      return reply
        .header('content-disposition', `attachment; filename="metamorph-library-${stamp}.json"`)
        .send(doc);
    },
  );

  app.post(
    '/api/library/import',
    {
      config: { permission: 'library.write' },
      bodyLimit: LIBRARY_DOCUMENT_LIMIT,
      schema: {
        tags,
        summary:
          'Import a library document: creates or updates templates by key, in one transaction',
        body: LibraryDocument,
        response: { 200: LibraryImportResult },
      },
    },
    async (request) => io.import(request.auditContext(), request.body),
  );
}
