import { Anchor, Badge, Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ResultFilter, ResultLevelInfo } from '@metamorph/contract';
import type { ReactNode } from 'react';
import { GAP_REASONS } from '../execution/BlueZone';

/** Small pieces of the results pages: stat cards, clickable counts, level badges. */

/** Defence layer names as the UI shows them. */
export const LAYER_LABELS: Record<string, string> = {
  edr: 'EDR',
  siem: 'SIEM',
  av: 'Antivirus',
  firewall: 'Firewall',
  proxy: 'Proxy',
  email_gateway: 'Email gateway',
  ndr: 'NDR',
  other: 'Other',
};

export const pct = (rate: number | null) =>
  rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
export const gapLabel = (reason: string) =>
  GAP_REASONS.find((g) => g.value === reason)?.label ?? reason;

export type OpenTests = (title: string, filter: ResultFilter) => void;

/** A number that opens the tests behind it. */
export function CountLink({
  count,
  filter,
  title,
  open,
  testId,
}: {
  count: number;
  filter: ResultFilter;
  title: string;
  open: OpenTests;
  testId?: string;
}) {
  if (count === 0)
    return (
      <Text span className="mm-muted" fw={600} data-testid={testId}>
        0
      </Text>
    );
  return (
    <Anchor
      component="button"
      type="button"
      fw={700}
      onClick={() => open(title, filter)}
      aria-label={`${title}: ${count} tests, show them`}
      data-testid={testId}
    >
      {count}
    </Anchor>
  );
}

export function StatCard({
  label,
  value,
  hint,
  onClick,
  testId,
  accent,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  onClick?: () => void;
  testId?: string;
  accent?: string;
}) {
  const body = (
    <Stack gap={2}>
      <Text size="xs" className="mm-muted" fw={600} tt="uppercase" lts={0.6}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.15} c={accent} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" className="mm-muted">
          {hint}
        </Text>
      )}
    </Stack>
  );
  return (
    <Card p="md" withBorder style={{ flex: '1 1 160px', minWidth: 160 }}>
      {onClick ? (
        <UnstyledButton
          onClick={onClick}
          title="Show the tests"
          data-testid={testId && `${testId}-open`}
        >
          {body}
        </UnstyledButton>
      ) : (
        body
      )}
    </Card>
  );
}

/** Readable text on a level colour (black or white, whichever contrasts more). */
export function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return '#000';
  const n = parseInt(m[1]!, 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? '#000' : '#fff';
}

export function LevelBadge({ level }: { level: ResultLevelInfo | null }) {
  if (!level)
    return (
      <Badge variant="outline" color="gray" tt="none">
        No outcome
      </Badge>
    );
  return (
    <Badge tt="none" style={{ background: level.colour, color: textOn(level.colour) }}>
      {level.label}
    </Badge>
  );
}

export function LevelLegend({ levels }: { levels: readonly ResultLevelInfo[] }) {
  return (
    <Group gap="md" data-testid="level-legend">
      {levels.map((l) => (
        <Group key={l.id} gap={6} wrap="nowrap">
          <span
            aria-hidden
            style={{
              width: 14,
              height: 14,
              borderRadius: 3,
              background: l.colour,
              display: 'inline-block',
            }}
          />
          <Text size="sm">{l.label}</Text>
        </Group>
      ))}
      <Group gap={6} wrap="nowrap">
        <span
          aria-hidden
          style={{
            width: 14,
            height: 14,
            borderRadius: 3,
            border: '1px dashed var(--mantine-color-gray-5)',
            display: 'inline-block',
          }}
        />
        <Text size="sm">Not tested / awaiting outcome</Text>
      </Group>
    </Group>
  );
}
