import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_DATA_SCHEMA_VERSION, ReportData, reportDataJsonSchema } from './index.js';

const published = new URL('../../../docs/report-data.schema.json', import.meta.url);

describe('report data JSON Schema', () => {
  it('docs/report-data.schema.json is the contract schema (run `npm run schemas` after a change)', () => {
    const file = JSON.parse(readFileSync(published, 'utf8')) as Record<string, unknown>;
    expect(file).toEqual(reportDataJsonSchema());
  });

  it('is versioned, and the version is a required constant', () => {
    const s = reportDataJsonSchema() as {
      title: string;
      required: string[];
      properties: Record<string, { const?: unknown }>;
    };
    expect(REPORT_DATA_SCHEMA_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(s.title).toContain(REPORT_DATA_SCHEMA_VERSION);
    expect(s.required).toContain('schema_version');
    expect(s.properties.schema_version?.const).toBe(REPORT_DATA_SCHEMA_VERSION);
    expect(ReportData.shape.schema_version.safeParse('0.0.1').success).toBe(false);
  });
});
