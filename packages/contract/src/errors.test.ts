import { describe, expect, it } from 'vitest';
import { ErrorBody, ErrorCode, codeToStatus, errorCodes, problemType } from './errors.js';

describe('error contract', () => {
  it('maps every code to a 4xx/5xx status', () => {
    for (const code of errorCodes) {
      const status = codeToStatus(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(codeToStatus(ErrorCode.ValidationFailed)).toBe(422);
    expect(codeToStatus(ErrorCode.NotFound)).toBe(404);
    expect(codeToStatus(ErrorCode.VersionConflict)).toBe(409);
  });

  it('gives every code a distinct problem type URI', () => {
    const types = new Set(errorCodes.map(problemType));
    expect(types.size).toBe(errorCodes.length);
  });

  it('parses a problem body and rejects unknown codes', () => {
    const body = {
      type: problemType('not_found'),
      title: 'Not found',
      status: 404,
      code: 'not_found',
      detail: 'Mission not found',
      requestId: 'r1',
    };
    expect(ErrorBody.parse(body)).toEqual(body);
    expect(ErrorBody.safeParse({ ...body, code: 'teapot' }).success).toBe(false);
  });
});
