import { BENCH_ADMIN, enterpriseBundle, importBundle, sessionCookie } from '../lib/attack.js';
import { atomicsFiles, atomicsTree, uploadAtomics } from '../lib/library.js';
import { load } from '../lib/load.js';
import { startMetamorph } from '../lib/metamorph.js';
import { cpuSeconds } from '../lib/proc.js';
import { stopServer } from '../lib/server.js';
import { round } from '../lib/stats.js';
import type { BenchResult, Benchmark, Row } from '../lib/types.js';

const CONNECTIONS = 50;
const TARGET = 5000;
const PLATFORMS = ['Windows', 'Linux', 'macOS', 'Containers', 'IaaS'];
const TAGS = ['initial', 'persistence', 'cloud', 'ransomware', 'insider', 'phishing', 'lateral'];

/** Deterministic pseudo-random numbers, so every run searches the same library. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Synthetic templates tagged with real technique ids, filling the library up to TARGET. */
function syntheticDocument(count: number, techniqueIds: string[]) {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const tests = Array.from({ length: count }, (_, i) => ({
    key: `bench:t${String(i).padStart(5, '0')}`,
    version: 1,
    source: 'manual',
    source_ref: null,
    name: `Bench procedure ${i} ${pick(['dump', 'beacon', 'exfil', 'escalate', 'discover'])}`,
    description: `Synthetic template ${i} for the search benchmark.`,
    attack_ids: [pick(techniqueIds), pick(techniqueIds)].filter((v, j, a) => a.indexOf(v) === j),
    platforms: [pick(PLATFORMS)],
    tags: [pick(TAGS)],
  }));
  return {
    format: 'metamorph.library',
    format_version: 1,
    exported_at: new Date().toISOString(),
    tests,
    scenarios: [],
  };
}

async function techniqueIds(url: string, cookie: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await fetch(`${url}/api/attack/techniques?limit=500${qs}`, { headers: { cookie } });
    const page = (await res.json()) as {
      items: Array<{ external_id: string }>;
      next_cursor: string | null;
    };
    ids.push(...page.items.map((i) => i.external_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids.length > 0 ? ids : ['T1059', 'T1059.001', 'T1003', 'T1566.001'];
}

/** GET /api/library/tests latency at 50 connections over 5,000 templates. */
const benchmark: Benchmark = {
  name: 'library-search',
  title: 'Library search over 5,000 test templates (PGlite)',
  order: 75,
  async run(ctx): Promise<BenchResult> {
    const columns = [
      'request',
      'uncached ms',
      'connections',
      'req/s',
      'p50 ms',
      'p99 ms',
      'non2xx',
      'server CPU ms/req',
    ];
    const { server } = await startMetamorph(ctx, {
      env: {
        METAMORPH_ADMIN_EMAIL: BENCH_ADMIN.email,
        METAMORPH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      },
    });
    const rows: Row[] = [];
    const notes: string[] = [];
    try {
      const cookie = await sessionCookie(server.url);
      const bundle = enterpriseBundle(ctx.repoRoot);
      if (bundle) await importBundle(server.url, cookie, bundle);
      else notes.push('ATT&CK bundle absent: tactic filters match nothing, all tags are flagged.');
      const tree = atomicsTree(ctx.repoRoot);
      let atomics = 0;
      if (tree) {
        ctx.log('library-search: importing the Atomic Red Team tree');
        const out = await uploadAtomics(server.url, cookie, atomicsFiles(tree));
        atomics = (out.result as { totals: { imported: number } }).totals.imported;
      }
      const doc = syntheticDocument(TARGET - atomics, await techniqueIds(server.url, cookie));
      const res = await fetch(`${server.url}/api/library/import`, {
        method: 'POST',
        headers: { cookie, 'x-requested-with': 'metamorph', 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
      notes.push(`${atomics} Atomic Red Team templates + ${doc.tests.length} synthetic ones.`);
      const cases = [
        ['first page, no filter', '/api/library/tests?limit=50'],
        ['text q=powershell', '/api/library/tests?q=powershell'],
        ['technique=T1059 (with sub-techniques)', '/api/library/tests?technique=T1059'],
        [
          'tactic=execution & platform=Windows',
          '/api/library/tests?tactic=execution&platform=Windows',
        ],
        ['flagged=true', '/api/library/tests?flagged=true'],
      ] as const;
      for (const [request, p] of cases) {
        ctx.log(`library-search: ${request}`);
        const t0 = performance.now();
        const first = await fetch(server.url + p, { headers: { cookie } });
        if (first.status !== 200)
          throw new Error(`${p} answered ${first.status}: ${await first.text()}`);
        const total = ((await first.json()) as { total: number }).total;
        const uncachedMs = round(performance.now() - t0, 0);
        const cpu0 = await cpuSeconds(server.pid);
        const r = await load({
          url: server.url + p,
          connections: CONNECTIONS,
          duration: ctx.durationS,
          headers: { cookie },
        });
        const cpu1 = await cpuSeconds(server.pid);
        rows.push({
          request: `${request} (${total} match)`,
          'uncached ms': uncachedMs,
          connections: CONNECTIONS,
          'req/s': round(r.requests.average, 0),
          'p50 ms': r.latency.p50,
          'p99 ms': r.latency.p99,
          non2xx: r.non2xx,
          'server CPU ms/req': r.requests.total
            ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 2)
            : null,
        });
      }
    } finally {
      await stopServer(server);
    }
    notes.push(
      'Each search answers the page, the total and the facet counts (platforms, tactics, tags, sources, flagged).',
    );
    return {
      columns,
      rows,
      params: { duration_s: ctx.durationS, database: 'pglite', templates: TARGET },
      notes,
    };
  },
};

export default benchmark;
