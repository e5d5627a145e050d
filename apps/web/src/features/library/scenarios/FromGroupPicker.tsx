import { QueryFallback } from '../../../components/QueryState';
import {
  Badge,
  Code,
  Group,
  Loader,
  Radio,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { GroupSummary } from '@metamorph/contract';
import { IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { useAttackGroups } from '../../../api/attack';
import { EmptyState } from '../../../components/EmptyState';

export function GroupPicker({
  selected,
  onPick,
}: {
  selected: string | null;
  onPick: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const groups = useAttackGroups(debounced);
  const items = (groups.data?.items ?? []).filter((g) => !g.revoked);
  return (
    <Stack gap="sm" mt="md">
      <TextInput
        placeholder="Search groups by name or alias (APT28, Fancy Bear…)"
        aria-label="Search threat groups"
        leftSection={<IconSearch size={16} />}
        rightSection={groups.isFetching ? <Loader size="xs" /> : undefined}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
        data-testid="from-group-search"
      />
      {groups.data === undefined ? (
        <QueryFallback query={groups} rows={4} />
      ) : items.length === 0 ? (
        <EmptyState icon={IconUsersGroup} title="No group found">
          {debounced.trim()
            ? 'Try another name or alias.'
            : 'Import the ATT&CK catalog first: groups come from it.'}
        </EmptyState>
      ) : (
        <Radio.Group value={selected} onChange={onPick} aria-label="Threat group">
          <Stack gap={6} data-testid="from-group-groups">
            {items.slice(0, 50).map((g) => (
              <GroupOption key={g.external_id} group={g} onPick={onPick} />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}

function GroupOption({ group, onPick }: { group: GroupSummary; onPick: (id: string) => void }) {
  return (
    <UnstyledButton
      onClick={() => onPick(group.external_id)}
      data-testid="from-group-group"
      data-group={group.external_id}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        padding: '8px 12px',
      }}
    >
      <Group gap="sm" wrap="nowrap">
        <Radio value={group.external_id} aria-label={group.name} tabIndex={-1} readOnly />
        <Code fz="xs">{group.external_id}</Code>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {group.name}
          </Text>
          {group.aliases.length > 0 && (
            <Text size="xs" c="dimmed" truncate="end">
              {group.aliases.filter((a) => a !== group.name).join(', ')}
            </Text>
          )}
        </Stack>
        <Badge variant="default" radius="sm" tt="none" fw={500}>
          {group.technique_count} technique{group.technique_count === 1 ? '' : 's'}
        </Badge>
      </Group>
    </UnstyledButton>
  );
}
