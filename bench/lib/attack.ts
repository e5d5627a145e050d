import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The admin the ATT&CK benchmarks start the server with. */
export const BENCH_ADMIN = {
  email: 'operator@metamorph.test',
  password: 'Throughput-Passphrase-7',
};

/** `<repo>/../shared/data/attack/enterprise-attack.json`, or under METAMORPH_SHARED_DATA. */
export function enterpriseBundle(repoRoot: string): string | undefined {
  const base = process.env.METAMORPH_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
  const file = path.join(base, 'attack', 'enterprise-attack.json');
  return existsSync(file) ? file : undefined;
}

export async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'metamorph' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('metamorph_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

export interface ImportTiming {
  /** Upload request sent → 202 received. */
  uploadS: number;
  /** Upload sent → job succeeded. */
  totalS: number;
  result: { changed?: boolean } | null;
}

/** Uploads a bundle to POST /api/attack/sync and waits for its job. */
export async function importBundle(
  url: string,
  cookie: string,
  file: string,
): Promise<ImportTiming> {
  const started = performance.now();
  const form = new FormData();
  form.append(
    'file',
    new Blob([readFileSync(file)], { type: 'application/json' }),
    path.basename(file),
  );
  const headers = { cookie, 'x-requested-with': 'metamorph' };
  const res = await fetch(`${url}/api/attack/sync`, { method: 'POST', headers, body: form });
  if (res.status !== 202) throw new Error(`sync answered ${res.status}: ${await res.text()}`);
  const uploadS = (performance.now() - started) / 1000;
  const { job } = (await res.json()) as { job: { id: string } };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const poll = await fetch(`${url}/api/jobs/${job.id}`, { headers });
    const view = (await poll.json()) as { status: string; error?: string | null; result?: unknown };
    if (view.status === 'succeeded') {
      return {
        uploadS,
        totalS: (performance.now() - started) / 1000,
        result: (view.result as { changed?: boolean } | null) ?? null,
      };
    }
    if (view.status === 'failed' || view.status === 'cancelled') {
      throw new Error(`import job ${view.status}: ${view.error ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import job did not finish within 180 s');
}
