import { Group, Stack, Table, Text, TextInput } from '@mantine/core';
import type { GroupDetail } from '@metamorph/contract';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { StateBadges, TechniqueRef } from '../AttackBits';
import { AttackMarkdown } from '../markdown/AttackMarkdown';
import { techniqueMatches } from '../matrix/matrix-filter';

/** Lists this long get a filter box (APT28 uses about a hundred techniques). */
const FILTER_FROM = 10;

interface GroupTechniquesProps {
  techniques: GroupDetail['techniques'];
  /** Prepared Markdown of each technique's "use" text, by technique id. */
  uses: ReadonlyMap<string, string>;
  citations: readonly string[];
}

/** The techniques a group uses, with how (the `uses` relationship's description). */
export function GroupTechniques({ techniques, uses, citations }: GroupTechniquesProps) {
  const [query, setQuery] = useState('');
  if (techniques.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No technique use is recorded for this group.
      </Text>
    );
  }
  const q = query.trim().toLowerCase();
  const shown = q
    ? techniques.filter((t) => techniqueMatches(t, q) || t.tactics.some((x) => x.includes(q)))
    : techniques;
  return (
    <Stack gap="sm">
      {techniques.length >= FILTER_FROM && (
        <TextInput
          placeholder="Filter by id, name or tactic"
          aria-label="Filter the group's techniques"
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          maw={320}
          size="xs"
          data-testid="group-techniques-filter"
        />
      )}
      <Table verticalSpacing="sm" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="38%">Technique</Table.Th>
            <Table.Th>Use</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((t) => (
            <Table.Tr
              key={t.external_id}
              data-testid="group-technique-row"
              data-technique={t.external_id}
            >
              <Table.Td style={{ verticalAlign: 'top' }}>
                <Stack gap={4}>
                  <TechniqueRef technique={t} />
                  <Group gap={4}>
                    <StateBadges technique={t} />
                    <Text size="xs" c="dimmed">
                      {t.tactics.join(' · ')}
                    </Text>
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td style={{ verticalAlign: 'top' }}>
                {uses.has(t.external_id) ? (
                  <AttackMarkdown markdown={uses.get(t.external_id) ?? ''} citations={citations} />
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {shown.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2}>
                <Text size="sm" c="dimmed">
                  No technique matches “{query.trim()}”.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
