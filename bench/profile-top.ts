// Prints the top self-time functions of V8 CPU profiles (.cpuprofile, from BENCH_CPU_PROF=<dir>).
//   node --import tsx profile-top.ts <file.cpuprofile>… [--top=25]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  const src = clean.indexOf('/dist/');
  return src >= 0 ? clean.slice(src + 1) : path.basename(clean);
}

function top(file: string, n: number): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const f = byId.get(id)?.callFrame;
    if (!f) return;
    const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const idle = [...self.entries()].find(([k]) => k.startsWith('(idle)'))?.[1] ?? 0;
  const busy = total - idle;
  console.log(
    `\n${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`,
  );
  console.log('| self ms | % of busy | function |\n| ---: | ---: | --- |');
  for (const [k, us] of [...self.entries()].sort((a, b) => b[1] - a[1])) {
    if (k.startsWith('(idle)')) continue;
    if (n-- <= 0) break;
    console.log(`| ${(us / 1000).toFixed(0)} | ${((us / busy) * 100).toFixed(1)} | \`${k}\` |`);
  }
}

const args = process.argv.slice(2);
const limit = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
for (const f of args.filter((a) => !a.startsWith('--'))) top(f, limit);
