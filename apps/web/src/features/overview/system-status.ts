import type { HealthResponse, ReadyResponse } from '@metamorph/contract';
import { ContractError, isUnreachable } from '../../api/errors';

export type OverallStatus =
  | 'checking'
  | 'operational'
  | 'degraded'
  | 'not_ready'
  | 'incompatible'
  | 'failing'
  | 'unreachable';

interface ProbeLike<T> {
  data: T | undefined;
  error: unknown;
  isError: boolean;
}

function fromError(error: unknown): OverallStatus {
  if (isUnreachable(error)) return 'unreachable';
  if (error instanceof ContractError) return 'incompatible';
  return 'failing';
}

/** One verdict for the badge, from the two probes. */
export function overallStatus(
  health: ProbeLike<HealthResponse>,
  ready: ProbeLike<ReadyResponse>,
): OverallStatus {
  if (health.isError) return fromError(health.error);
  if (ready.isError) {
    const status = fromError(ready.error);
    return status === 'failing' ? 'not_ready' : status;
  }
  if (!health.data || !ready.data) return 'checking';
  const { applied, expected } = ready.data.migrations;
  return applied === expected ? 'operational' : 'degraded';
}

export const statusBadge: Record<OverallStatus, { label: string; color: string }> = {
  checking: { label: 'Checking…', color: 'gray' },
  operational: { label: 'Operational', color: 'teal' },
  degraded: { label: 'Migrations pending', color: 'yellow' },
  not_ready: { label: 'Not ready', color: 'orange' },
  incompatible: { label: 'Unexpected answer', color: 'orange' },
  failing: { label: 'Server error', color: 'red' },
  unreachable: { label: 'Unreachable', color: 'red' },
};

export const databaseLabel: Record<ReadyResponse['database'], string> = {
  pglite: 'PGlite (embedded PostgreSQL)',
  postgres: 'PostgreSQL',
};
