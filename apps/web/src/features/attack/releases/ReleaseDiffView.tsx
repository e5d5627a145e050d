import { Anchor, Badge, Code, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import type { ReleaseDiff, TechniqueSummary } from '@metamorph/contract';
import { IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { techniquePath } from '../attack-ids';
import { TechniqueRef } from '../AttackBits';
import { LibraryImpacts } from './LibraryImpacts';
import { DIFF_SECTIONS, firstNonEmpty, listDelta, type DiffSection } from './release-diff';

type Change = ReleaseDiff['changed'][number];

/** The diff between two releases, one tab per kind of change, with counts. */
export function ReleaseDiffView({ diff }: { diff: ReleaseDiff }) {
  const [tab, setTab] = useState<DiffSection>(() => firstNonEmpty(diff));
  return (
    <Tabs value={tab} onChange={(v) => v && setTab(v as DiffSection)} data-testid="release-diff">
      <Tabs.List>
        {DIFF_SECTIONS.map((s) => (
          <Tabs.Tab
            key={s.key}
            value={s.key}
            data-testid={`diff-tab-${s.key}`}
            rightSection={
              <Badge size="sm" variant={diff[s.key].length ? 'light' : 'default'} color={s.color}>
                {diff[s.key].length}
              </Badge>
            }
          >
            {s.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {DIFF_SECTIONS.map((s) => (
        <Tabs.Panel key={s.key} value={s.key} pt="sm" data-testid={`diff-panel-${s.key}`}>
          {diff[s.key].length === 0 ? (
            <Text size="sm" c="dimmed" p="md">
              No {s.label.toLowerCase()} techniques between these releases.
            </Text>
          ) : s.key === 'changed' ? (
            <ChangedTable changes={diff.changed} />
          ) : s.key === 'revoked' ? (
            <TechniqueTable items={diff.revoked} revoked />
          ) : (
            <TechniqueTable items={diff[s.key]} />
          )}
        </Tabs.Panel>
      ))}
      {/* Not a panel: what the diff touches in the library shows under every tab. */}
      <LibraryImpacts diff={diff} />
    </Tabs>
  );
}

function TechniqueTable({
  items,
  revoked = false,
}: {
  items: readonly (TechniqueSummary & { revoked_by?: string | null })[];
  revoked?: boolean;
}) {
  return (
    <Table verticalSpacing={6} highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Technique</Table.Th>
          <Table.Th>{revoked ? 'Replaced by' : 'Tactics'}</Table.Th>
          <Table.Th>Platforms</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((t) => (
          <Table.Tr key={t.external_id} data-testid="diff-row" data-technique={t.external_id}>
            <Table.Td>
              <TechniqueRef technique={t} />
            </Table.Td>
            <Table.Td>
              {revoked ? (
                t.revoked_by ? (
                  <Group gap={6} wrap="nowrap">
                    <IconArrowRight size={14} />
                    <Anchor
                      component={Link}
                      to={techniquePath(t.revoked_by)}
                      ff="monospace"
                      size="sm"
                    >
                      {t.revoked_by}
                    </Anchor>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )
              ) : (
                <Text size="xs" c="dimmed">
                  {t.tactics.join(' · ') || '—'}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {t.platforms.join(', ') || '—'}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ChangedTable({ changes }: { changes: readonly Change[] }) {
  return (
    <Table verticalSpacing="sm" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="34%">Technique</Table.Th>
          <Table.Th>What changed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.external_id} data-testid="diff-row" data-technique={c.external_id}>
            <Table.Td style={{ verticalAlign: 'top' }}>
              <Stack gap={6}>
                <TechniqueRef technique={c} />
                <Group gap={4}>
                  {c.fields.map((f) => (
                    <Badge
                      key={f}
                      size="xs"
                      variant="outline"
                      color="blue"
                      data-testid="diff-field"
                    >
                      {f}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top' }}>
              <Stack gap={6}>
                {c.fields.includes('name') && (
                  <Group gap={6} wrap="wrap" data-testid="diff-name">
                    <Text size="sm" td="line-through" c="dimmed">
                      {c.before.name}
                    </Text>
                    <IconArrowRight size={14} />
                    <Text size="sm">{c.after.name}</Text>
                  </Group>
                )}
                {c.fields.includes('tactics') && (
                  <ListChange label="Tactics" before={c.before.tactics} after={c.after.tactics} />
                )}
                {c.fields.includes('platforms') && (
                  <ListChange
                    label="Platforms"
                    before={c.before.platforms}
                    after={c.after.platforms}
                  />
                )}
                {c.fields.includes('description') && (
                  <Text size="xs" c="dimmed">
                    Description reworded.
                  </Text>
                )}
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ListChange(props: { label: string; before: string[]; after: string[] }) {
  const delta = listDelta(props.before, props.after);
  return (
    <Group gap={4} wrap="wrap" data-testid={`diff-${props.label.toLowerCase()}`}>
      <Text size="xs" c="dimmed" w={70}>
        {props.label}
      </Text>
      {delta.removed.map((v) => (
        <Badge key={`-${v}`} size="sm" color="red" variant="light" tt="none" td="line-through">
          − {v}
        </Badge>
      ))}
      {delta.added.map((v) => (
        <Badge key={`+${v}`} size="sm" color="teal" variant="light" tt="none">
          + {v}
        </Badge>
      ))}
      {delta.kept.map((v) => (
        <Code key={v} fz="xs">
          {v}
        </Code>
      ))}
    </Group>
  );
}
