import { ErrorCode, PLAN_IMPORT_LIMITS, PlanImportMapping } from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import { DomainError, badRequest, validationFailed } from '../../../platform/errors.js';
import type { PlanImportRequest } from './plan-import.js';
import { readSheet } from './sheet.js';

const FIELDS = ['mapping', 'scenario_name', 'dry_run', 'sheet'] as const;

/**
 * The multipart body of a plan import: one `file` (CSV or XLSX, at most 10 MiB, read into
 * memory), and the optional `mapping` (JSON), `scenario_name`, `dry_run`, `sheet` (an XLSX
 * worksheet's name); anything else is
 * refused naming it.
 */
export async function receivePlanUpload(request: FastifyRequest): Promise<PlanImportRequest> {
  if (!request.isMultipart()) {
    throw new DomainError(
      ErrorCode.UnsupportedMediaType,
      'Send the plan as multipart/form-data: a file part (CSV or XLSX), optional mapping, scenario_name, dry_run, sheet',
    );
  }
  let file: { name: string; content: Buffer } | undefined;
  const fields: Partial<Record<(typeof FIELDS)[number], string>> = {};
  const max = PLAN_IMPORT_LIMITS.maxFileBytes;
  for await (const part of request.parts({
    limits: { fileSize: max, files: 2, fields: 8, fieldSize: 16 * 1024 },
  })) {
    if (part.type === 'field') {
      if (!(FIELDS as readonly string[]).includes(part.fieldname)) {
        throw validationFailed([
          {
            path: part.fieldname,
            message: `is not a field of a plan import (file, ${FIELDS.join(', ')})`,
          },
        ]);
      }
      fields[part.fieldname as (typeof FIELDS)[number]] = String(part.value);
      continue;
    }
    if (file) {
      part.file.resume();
      throw badRequest('Send one spreadsheet per plan import');
    }
    const content = await part.toBuffer().catch((err: Error & { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new DomainError(
          ErrorCode.PayloadTooLarge,
          `The spreadsheet is larger than ${max} bytes`,
        );
      }
      throw err;
    });
    file = { name: (part.filename || 'plan').replace(/[^\w.() -]/g, '_').slice(0, 200), content };
  }
  if (!file) throw badRequest('The multipart body holds no file part');
  let mapping: PlanImportMapping | null = null;
  if (fields.mapping !== undefined && fields.mapping.trim() !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(fields.mapping);
    } catch {
      throw validationFailed([{ path: 'mapping', message: 'must be a JSON object' }]);
    }
    const parsed = PlanImportMapping.safeParse(raw);
    if (!parsed.success) {
      throw validationFailed(
        parsed.error.issues.map((i) => ({
          path: ['mapping', ...i.path].join('.'),
          message: i.message,
        })),
      );
    }
    mapping = parsed.data;
  }
  const dry = (fields.dry_run ?? 'false').trim().toLowerCase();
  if (!['true', 'false', '1', '0', ''].includes(dry)) {
    throw validationFailed([{ path: 'dry_run', message: 'must be true or false' }]);
  }
  const scenarioName = fields.scenario_name?.trim() || null;
  if (scenarioName && scenarioName.length > 200) {
    throw validationFailed([{ path: 'scenario_name', message: 'must be at most 200 characters' }]);
  }
  return {
    sheet: await readSheet(file.content, fields.sheet?.trim() || null),
    mapping,
    scenarioName,
    dryRun: dry === 'true' || dry === '1',
    filename: file.name,
  };
}
