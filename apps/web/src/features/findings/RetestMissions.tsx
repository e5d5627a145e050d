import { Alert, Anchor, Group, List, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useRetestMissions } from '../../api/findings';
import { StatusBadge } from '../missions/MissionBits';
import { comparePath } from './CompareLink';

/** The retest missions of this mission (newest first), each with its before/after link. */
export function RetestMissions({ missionId }: { missionId: string }) {
  const retests = useRetestMissions(missionId);
  const items = retests.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert color="purple" variant="light" icon={<IconRepeat size={18} />} data-testid="retests">
      <Text size="sm" fw={600} mb={4}>
        {items.length === 1 ? 'Retested in 1 mission' : `Retested in ${items.length} missions`}
      </Text>
      <List size="sm" spacing={4}>
        {items.map((m) => (
          <List.Item key={m.id} data-testid="retest-mission">
            <Group gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`/missions/${m.id}?tab=findings`}>
                {m.name}
              </Anchor>
              <StatusBadge status={m.status} />
              <Text size="sm" className="mm-muted">
                {m.test_count} {m.test_count === 1 ? 'test' : 'tests'}
              </Text>
              <Anchor component={Link} to={comparePath(missionId, m.id)} size="sm">
                Before / after
              </Anchor>
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
