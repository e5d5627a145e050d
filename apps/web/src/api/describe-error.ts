import { ApiError, ContractError, NetworkError } from './errors';

/** What the UI shows for any error thrown by the API client (or anything else). */
export interface ErrorDescription {
  title: string;
  detail: string;
  /** The server's request id, for matching the error against server logs. */
  requestId: string;
  /** HTTP status, when the server answered. */
  status: number | null;
  /** Field-level problems of a 422. */
  fields: { path: string; message: string }[];
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    return {
      title: error.body.title,
      detail: error.detail,
      requestId: error.requestId,
      status: error.status,
      fields: error.errors ?? [],
    };
  }
  if (error instanceof ContractError) {
    return {
      title: 'Unexpected answer from the server',
      detail: error.message,
      requestId: error.requestId,
      status: error.status,
      fields: error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || '(root)',
        message: issue.message,
      })),
    };
  }
  if (error instanceof NetworkError) {
    return {
      title: 'Server unreachable',
      detail: `${error.message} Check that it is running and that your network is up.`,
      requestId: '',
      status: null,
      fields: [],
    };
  }
  return {
    title: 'Unexpected error',
    detail: error instanceof Error ? error.message : String(error),
    requestId: '',
    status: null,
    fields: [],
  };
}
