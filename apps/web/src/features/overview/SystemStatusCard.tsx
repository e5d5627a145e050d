import {
  ActionIcon,
  Badge,
  Card,
  DataList,
  Group,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { IconActivityHeartbeat, IconDatabase, IconRefresh, IconServer2 } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useHealth, useReady } from '../../api/system';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatClock, formatDuration } from '../../lib/format';
import { databaseLabel, overallStatus, statusBadge } from './system-status';

/** Server version and uptime (`/healthz`), database and migrations (`/readyz`). */
export function SystemStatusCard() {
  const health = useHealth();
  const ready = useReady();
  const status = overallStatus(health, ready);
  const badge = statusBadge[status];
  const fetching = health.isFetching || ready.isFetching;
  const checkedAt = Math.max(
    health.dataUpdatedAt,
    health.errorUpdatedAt,
    ready.dataUpdatedAt,
    ready.errorUpdatedAt,
  );

  const refresh = () => {
    void health.refetch();
    void ready.refetch();
  };

  return (
    <Card data-testid="system-status" data-status={status} aria-busy={status === 'checking'}>
      <Group justify="space-between" align="flex-start" mb="lg" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ flex: '1 1 220px' }}>
          <ThemeIcon variant="light" size={40} radius="md">
            <IconActivityHeartbeat size={22} stroke={1.6} />
          </ThemeIcon>
          <div>
            <Title order={2} fz="lg">
              System status
            </Title>
            <Text size="xs" c="dimmed">
              What this Metamorph server reports about itself
            </Text>
          </div>
        </Group>
        <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
          <Badge color={badge.color} variant="dot" size="lg" data-testid="system-status-badge">
            {badge.label}
          </Badge>
          <Tooltip label="Check now">
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              loading={fetching}
              onClick={refresh}
              aria-label="Check system status now"
            >
              <IconRefresh size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" verticalSpacing="lg">
        <Section title="Server" icon={IconServer2} testId="status-server">
          {health.isError ? (
            <ErrorAlert error={health.error} onRetry={refresh} retrying={health.isFetching} />
          ) : health.data ? (
            <DataList labelWidth={96} withDivider>
              <Row label="Version">
                <Text span ff="monospace" fz="sm" data-testid="server-version">
                  v{health.data.version}
                </Text>
              </Row>
              <Row label="Uptime">
                <span data-testid="server-uptime" title={`${health.data.uptime_s} s`}>
                  {formatDuration(health.data.uptime_s)}
                </span>
              </Row>
            </DataList>
          ) : (
            <LoadingRows />
          )}
        </Section>

        <Section title="Database" icon={IconDatabase} testId="status-database">
          {ready.isError ? (
            <ErrorAlert error={ready.error} onRetry={refresh} retrying={ready.isFetching} />
          ) : ready.data ? (
            <DataList labelWidth={96} withDivider>
              <Row label="Engine">
                <span data-testid="database-kind">{databaseLabel[ready.data.database]}</span>
              </Row>
              <Row label="Migrations">
                <Migrations {...ready.data.migrations} />
              </Row>
            </DataList>
          ) : (
            <LoadingRows />
          )}
        </Section>
      </SimpleGrid>

      <Text size="xs" c="dimmed" mt="lg" data-testid="status-checked-at">
        {checkedAt > 0
          ? `Last checked at ${formatClock(checkedAt)} · refreshes every 15 seconds`
          : 'Contacting the server…'}
      </Text>
    </Card>
  );
}

function Section(props: { title: string; icon: Icon; testId: string; children: ReactNode }) {
  const SectionIcon = props.icon;
  return (
    <Stack gap="sm" data-testid={props.testId}>
      <Group gap={6}>
        <SectionIcon size={16} stroke={1.6} color="var(--mantine-color-dimmed)" />
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.6}>
          {props.title}
        </Text>
      </Group>
      {props.children}
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue fw={500}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Migrations({ applied, expected }: { applied: number; expected: number }) {
  const complete = applied === expected;
  const percent = expected > 0 ? Math.min(100, (applied / expected) * 100) : 100;
  return (
    <Stack gap={6}>
      <span data-testid="database-migrations">
        {applied} of {expected} applied
      </span>
      <Progress
        value={percent}
        color={complete ? 'teal' : 'yellow'}
        size="sm"
        w={160}
        aria-label={`${applied} of ${expected} migrations applied`}
      />
    </Stack>
  );
}

function LoadingRows() {
  return (
    <Stack gap="sm" aria-label="Loading">
      <Skeleton height={16} width="70%" />
      <Skeleton height={16} width="50%" />
    </Stack>
  );
}
