import { Badge, Group, Text } from '@mantine/core';
import type { ThreatScoreInputs, ThreatStatus } from '@metamorph/contract';

/** Labels, colours and formats of threat coverage (docs/threat-coverage.md). */

export const STATUS_LABELS: Record<ThreatStatus, string> = {
  detected: 'Detected',
  logged: 'Logged only',
  missed: 'Missed',
  not_tested: 'Not tested',
};
export const STATUS_COLOURS: Record<ThreatStatus, string> = {
  detected: 'green',
  logged: 'yellow',
  missed: 'red',
  not_tested: 'gray',
};
/** The layer's colour for a profile technique no test covers (server NOT_TESTED_COLOUR). */
export const NOT_TESTED_COLOUR = '#e3e6f0';

export const REASON_LABELS = {
  missed: 'Missed',
  not_tested: 'Not tested',
  stale: 'Stale result',
} as const;

export const scorePct = (score: number | null) =>
  score === null ? 'n/a' : `${Math.round(score * 100)}%`;
/** `1 test`, `2 tests`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const num = (n: number) => String(Math.round(n * 100) / 100);

export function StatusBadge({ status }: { status: ThreatStatus }) {
  return (
    <Badge variant="light" color={STATUS_COLOURS[status]} radius="sm" tt="none">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** What a score is computed from, shown beside it (never alone). */
export function ScoreInputs({ inputs }: { inputs: ThreatScoreInputs }) {
  return (
    <Text size="xs" c="dimmed">
      {num(inputs.detected_importance)} of {num(inputs.total_importance)} importance detected ·{' '}
      {inputs.detected} detected, {inputs.logged} logged only, {inputs.missed} missed,{' '}
      {inputs.not_tested} not tested of {inputs.techniques}
    </Text>
  );
}

/** The score per mission date as a short line: "22% → 44%" and the change. */
export function TrendLine({
  points,
}: {
  points: ReadonlyArray<{ date: string; score: number | null }>;
}) {
  if (points.length === 0)
    return (
      <Text size="xs" c="dimmed">
        No mission yet
      </Text>
    );
  const first = points[0]!.score;
  const last = points.at(-1)!.score;
  const delta = first !== null && last !== null && points.length > 1 ? last - first : null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="threat-trend">
      <Text size="xs">{points.map((p) => scorePct(p.score)).join(' → ')}</Text>
      {delta !== null && delta !== 0 && (
        <Badge size="xs" variant="light" color={delta > 0 ? 'green' : 'red'} radius="sm">
          {delta > 0 ? '+' : ''}
          {Math.round(delta * 100)} pts
        </Badge>
      )}
    </Group>
  );
}
