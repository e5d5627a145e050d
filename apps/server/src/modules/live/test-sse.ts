import http from 'node:http';
import type { App } from '../../context.js';

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/** A raw SSE reader over node:http, for tests: collects events and waits for them. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  body = '';
  readonly ended: Promise<void>;
  private buffer = '';
  private waiters = new Set<() => void>();
  private req: http.ClientRequest | undefined;

  private constructor(opened: (c: SseClient) => Promise<void>) {
    this.ended = opened(this);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    let ready!: () => void;
    let failed!: (err: Error) => void;
    const started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    const client = new SseClient(
      (c) =>
        new Promise<void>((resolve) => {
          c.req = http.get(url, { headers }, (res) => {
            c.status = res.statusCode ?? 0;
            c.headers = res.headers;
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => c.feed(chunk));
            res.on('close', () => {
              resolve();
              c.wake();
            });
            ready();
          });
          c.req.on('error', (err) => {
            failed(err);
            resolve();
            c.wake();
          });
        }),
    );
    await started;
    return client;
  }

  /** Events of one type (or all mission events with an id when `type` is omitted). */
  of(type?: string): SseMessage[] {
    return this.messages.filter((m) => (type ? m.event === type : m.id !== undefined));
  }

  /** Waits until `check` holds; fails after `timeoutMs` (a hang guard, not a timing assertion). */
  async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages)}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  close(): void {
    this.req?.destroy();
  }

  private feed(chunk: string): void {
    this.body += chunk;
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      const msg: SseMessage = { event: 'message', data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        const i = line.indexOf(':');
        if (i === 0) continue;
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') msg.event = value;
        else if (field === 'id') msg.id = value;
        else if (field === 'data') {
          msg.data += (hasData ? '\n' : '') + value;
          hasData = true;
        }
      }
      if (hasData) this.messages.push(msg);
    }
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** The base URL of an app listening on a random local port. */
export async function listenLocal(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('app is not listening');
  return `http://127.0.0.1:${address.port}`;
}
