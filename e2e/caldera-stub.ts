import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const CALDERA_KEY = 'RED-KEY-e2e-never-stored';
const OPERATION = '5f3c1d2e-aaaa-4bbb-8ccc-000000000042';

export interface CalderaStub {
  url: string;
  /** The `KEY` header of every request, in order. */
  seenKeys: unknown[];
  close(): Promise<void>;
}

/**
 * A local Caldera answering the documented REST API v2 shapes: the operation list, operation
 * "Finance day" and its report, from the hand-written fixtures in `fixtures`; 401 without the key.
 */
export async function startCalderaStub(fixtures: string): Promise<CalderaStub> {
  const seenKeys: unknown[] = [];
  const server = createServer((req, res) => {
    seenKeys.push(req.headers.key);
    req.resume();
    req.on('end', () => {
      const json = async (status: number, file?: string) =>
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(file ? await readFile(path.join(fixtures, file)) : '{"error":"not found"}');
      if (req.headers.key !== CALDERA_KEY) return void json(401);
      const url = new URL(req.url ?? '/', 'http://caldera');
      if (url.pathname === '/api/v2/operations') {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify([
            { id: 'old', name: 'Old run', state: 'finished', start: '2026-11-01T10:00:00Z' },
            {
              id: OPERATION,
              name: 'Finance day',
              state: 'finished',
              start: '2026-12-01T09:00:00Z',
            },
          ]),
        );
      }
      if (url.pathname === `/api/v2/operations/${OPERATION}`) {
        return void json(200, 'caldera-operation.json');
      }
      if (url.pathname === `/api/v2/operations/${OPERATION}/report`) {
        return void json(200, 'caldera-report.json');
      }
      void json(404);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seenKeys,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
