import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';

/** The Navigator layer 4.5 JSON Schema (docs/schemas), compiled once with ajv. */

const here = path.dirname(fileURLToPath(import.meta.url));
export const LAYER_SCHEMA_PATH = path.resolve(
  here,
  '../../../../../../docs/schemas/navigator-layer-4.5.schema.json',
);

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(readFileSync(LAYER_SCHEMA_PATH, 'utf8')) as object);

/** The schema's errors for a layer file (none when it is valid). */
export function layerSchemaErrors(layer: unknown): ErrorObject[] {
  return validate(layer) ? [] : [...(validate.errors ?? [])];
}
