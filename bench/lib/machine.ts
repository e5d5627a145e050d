import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  node: string;
  cpus: { count: number; model: string };
  os: { platform: string; release: string; arch: string };
  total_mem_mib: number;
  load_avg: number[];
  timestamp: string;
  git: { commit: string | null; dirty: boolean | null };
}

function git(repoRoot: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(repoRoot: string): MachineInfo {
  const cpus = os.cpus();
  const status = git(repoRoot, ['status', '--porcelain']);
  return {
    node: process.version,
    cpus: { count: cpus.length, model: cpus[0]?.model.trim() ?? 'unknown' },
    os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    total_mem_mib: Math.round(os.totalmem() / 1024 / 1024),
    load_avg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    timestamp: new Date().toISOString(),
    git: {
      commit: git(repoRoot, ['rev-parse', 'HEAD']),
      dirty: status === null ? null : status !== '',
    },
  };
}
