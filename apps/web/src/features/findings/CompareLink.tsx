import { Button, Select } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { IconArrowsDiff } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useMissions } from '../../api/missions';

export const comparePath = (id: string, otherId: string) =>
  `/missions/${encodeURIComponent(id)}/compare/${encodeURIComponent(otherId)}`;

/**
 * The way to the compare page: a retest mission compares with its original in one click;
 * any mission can pick another mission of the same client.
 */
export function CompareLink({ mission }: { mission: Mission }) {
  const navigate = useNavigate();
  const others = useMissions({ client_id: mission.client.id });
  if (mission.retest_of_mission_id)
    return (
      <Button
        variant="light"
        leftSection={<IconArrowsDiff size={16} />}
        component={Link}
        to={comparePath(mission.retest_of_mission_id, mission.id)}
        data-testid="compare-original"
      >
        Compare with the original
      </Button>
    );
  const data = (others.data?.pages ?? [])
    .flatMap((p) => p.items)
    .filter((m) => m.id !== mission.id)
    .map((m) => ({ value: m.id, label: m.name }));
  if (data.length === 0) return null;
  return (
    <Select
      aria-label={`Compare with another mission of ${mission.client.name}`}
      placeholder="Compare with…"
      leftSection={<IconArrowsDiff size={16} />}
      data={data}
      value={null}
      onChange={(v) => v && void navigate(comparePath(mission.id, v))}
      w={240}
      data-testid="compare-with"
    />
  );
}
