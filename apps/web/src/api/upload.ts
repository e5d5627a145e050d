import { PROBLEM_CONTENT_TYPE } from '@metamorph/contract';
import type { z } from 'zod';
import { ApiError, ContractError, NetworkError } from './client';
import { fallbackErrorBody, toErrorBody } from './errors';

/**
 * POST `form` as multipart through XMLHttpRequest (fetch reports no upload progress) and parse
 * the answer with `schema`. `onProgress` gets 0..1 as the bytes leave the browser. Errors are the
 * client's: ApiError with the problem details, NetworkError, ContractError.
 */
export function uploadWithProgress<S extends z.ZodType>(
  path: string,
  form: FormData,
  schema: S,
  onProgress?: (fraction: number) => void,
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', `application/json, ${PROBLEM_CONTENT_TYPE}`);
    xhr.setRequestHeader('X-Requested-With', 'metamorph');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new NetworkError('POST', path, new Error('upload failed')));
    xhr.onload = () => {
      const requestId = xhr.getResponseHeader('X-Request-Id') ?? '';
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText) as unknown;
      } catch {
        json = undefined;
      }
      const init = { status: xhr.status, statusText: xhr.statusText, requestId };
      if (xhr.status < 200 || xhr.status >= 300) {
        if (json === undefined) {
          reject(new ApiError(xhr.status, fallbackErrorBody(init), false));
          return;
        }
        const { body, problem } = toErrorBody(json, init);
        reject(new ApiError(xhr.status, body, problem));
        return;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else
        reject(
          new ContractError({
            method: 'POST',
            path,
            status: xhr.status,
            requestId,
            message: `The answer to POST ${path} does not match the API contract.`,
            issues: parsed.error.issues,
          }),
        );
    };
    xhr.send(form);
  });
}
