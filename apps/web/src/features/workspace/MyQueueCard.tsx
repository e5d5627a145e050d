import { QueryFallback } from '../../components/QueryState';
import {
  Anchor,
  Badge,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import type { MyQueue, QueueSection } from '@metamorph/contract';
import { IconInbox } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMyQueue } from '../../api/workspace';
import { testPath } from '../execution/execution-model';
import { QUEUE_SECTION_META, queueItemNote } from './queue-model';

const SIDE_COLOR = { red: 'red', blue: 'blue', lead: 'purple' } as const;

function Section({ section, today }: { section: QueueSection; today: string }) {
  const meta = QUEUE_SECTION_META[section.key];
  const headingId = `queue-${section.key}`;
  return (
    <Card withBorder padding="md" data-testid={`queue-${section.key}`} data-total={section.total}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} fz="md" id={headingId}>
            {meta.title}
          </Title>
          <Badge color={SIDE_COLOR[meta.side]} variant="light" data-testid="queue-count">
            {section.total}
          </Badge>
        </Group>
        {section.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {meta.empty}
          </Text>
        ) : (
          <Stack
            gap={6}
            component="ul"
            aria-labelledby={headingId}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {section.items.map((item) => (
              <li key={item.test_id} data-testid="queue-item">
                <Anchor
                  component={Link}
                  to={testPath(item.mission_id, item.test_id)}
                  size="sm"
                  fw={600}
                  data-testid="queue-item-link"
                >
                  {item.test_name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {item.mission_name} · {queueItemNote(section.key, item, today)}
                </Text>
              </li>
            ))}
          </Stack>
        )}
        {section.total > section.items.length && (
          <Text size="xs" c="dimmed" data-testid="queue-more">
            Showing {section.items.length} of {section.total}, oldest first.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Sections({ queue }: { queue: MyQueue }) {
  if (queue.sections.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="queue-none">
        Nothing is queued for you: you hold no red, blue or lead role in an open mission.
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {queue.sections.map((s) => (
        <Section key={s.key} section={s} today={queue.today} />
      ))}
    </SimpleGrid>
  );
}

/** The home page's "My queue": what waits for the caller across their missions. */
export function MyQueueCard() {
  const queue = useMyQueue();
  return (
    <Stack gap="sm" data-testid="my-queue" component="section" aria-labelledby="my-queue-title">
      <Group gap="sm">
        <ThemeIcon variant="light" size={36} radius="md" aria-hidden>
          <IconInbox size={20} stroke={1.6} />
        </ThemeIcon>
        <Title order={2} fz="lg" id="my-queue-title">
          My queue
        </Title>
      </Group>
      {queue.data === undefined ? (
        <QueryFallback query={queue} rows={3} card />
      ) : (
        <Sections queue={queue.data} />
      )}
    </Stack>
  );
}
