import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

/** A file of `bytes` random bytes (written in 1 MiB chunks). */
export async function randomFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  for (let left = bytes; left > 0; left -= 1 << 20) {
    if (!out.write(randomBytes(Math.min(left, 1 << 20)))) {
      await new Promise<void>((res) => out.once('drain', () => res()));
    }
  }
  out.end();
  await new Promise<void>((res, rej) => out.on('finish', () => res()).on('error', rej));
}

/**
 * POSTs one file as multipart/form-data, streamed from disk (the bench process never holds it),
 * with extra text fields first. Resolves with the status and body.
 */
export async function uploadFile(
  url: string,
  cookie: string,
  file: string,
  filename: string,
  fields: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const boundary = `----metamorph-bench-${randomBytes(8).toString('hex')}`;
  const head =
    Object.entries(fields)
      .map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      )
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  const size = (await stat(file)).size;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          cookie,
          'x-requested-with': 'metamorph',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': Buffer.byteLength(head) + size + Buffer.byteLength(tail),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(head);
    pipeline(createReadStream(file), req, { end: false })
      .then(() => req.end(tail))
      .catch(reject);
  });
}
