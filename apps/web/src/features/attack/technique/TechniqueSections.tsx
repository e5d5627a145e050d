import { Anchor, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { TechniqueDetail } from '@metamorph/contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { groupPath } from '../attack-ids';
import { Chips, Section, StateBadges, TechniqueRef } from '../AttackBits';

type Related = TechniqueDetail['used_by'][number];

const MITRE_PATHS: Record<Related['kind'], string> = {
  group: 'groups',
  malware: 'software',
  tool: 'software',
  mitigation: 'mitigations',
  technique: 'techniques',
};

function mitreRelatedUrl(ref: Related): string {
  return `https://attack.mitre.org/${MITRE_PATHS[ref.kind]}/${ref.external_id.replace('.', '/')}/`;
}

export function SubtechniquesSection({ technique }: { technique: TechniqueDetail }) {
  if (technique.subtechniques.length === 0) return null;
  return (
    <Section
      title="Sub-techniques"
      count={technique.subtechniques.length}
      testId="technique-subtechniques"
    >
      <Table verticalSpacing={6} highlightOnHover>
        <Table.Tbody>
          {technique.subtechniques.map((sub) => (
            <Table.Tr key={sub.external_id} data-testid="subtechnique-row">
              <Table.Td>
                <TechniqueRef technique={sub} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end">
                  <StateBadges technique={sub} />
                  <Text size="xs" c="dimmed">
                    {sub.platforms.join(', ')}
                  </Text>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

/** Groups and software that use the technique: groups link to their page. */
export function UsedBySection({ usedBy }: { usedBy: TechniqueDetail['used_by'] }) {
  const groups = usedBy.filter((r) => r.kind === 'group');
  const malware = usedBy.filter((r) => r.kind === 'malware');
  const tools = usedBy.filter((r) => r.kind === 'tool');
  return (
    <Section title="Used by" count={usedBy.length} testId="technique-used-by">
      {usedBy.length === 0 ? (
        <Text size="sm" c="dimmed">
          No group or software in this release is known to use it.
        </Text>
      ) : (
        <Stack gap="md">
          {groups.length > 0 && (
            <RelatedList title="Groups" items={groups} testId="used-by-groups" />
          )}
          {malware.length > 0 && (
            <RelatedList title="Malware" items={malware} testId="used-by-malware" />
          )}
          {tools.length > 0 && <RelatedList title="Tools" items={tools} testId="used-by-tools" />}
        </Stack>
      )}
    </Section>
  );
}

export function MitigationsSection({
  mitigations,
}: {
  mitigations: TechniqueDetail['mitigations'];
}) {
  if (mitigations.length === 0) return null;
  return (
    <Section title="Mitigations" count={mitigations.length} testId="technique-mitigations">
      <RelatedList items={mitigations} testId="mitigation-list" />
    </Section>
  );
}

/** Long lists (a common technique is used by 200 groups and tools) show their start first. */
const COLLAPSED_COUNT = 24;

function RelatedList({
  title,
  items,
  testId,
}: {
  title?: string;
  items: Related[];
  testId: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, COLLAPSED_COUNT);
  return (
    <div data-testid={testId}>
      {title && (
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5} mb={6}>
          {title} · {items.length}
        </Text>
      )}
      <Group gap={6}>
        {shown.map((ref) => (
          <RelatedChip key={`${ref.kind}:${ref.external_id}`} item={ref} />
        ))}
        {items.length > shown.length && (
          <Button size="compact-sm" variant="subtle" onClick={() => setAll(true)}>
            Show all {items.length}
          </Button>
        )}
      </Group>
    </div>
  );
}

function RelatedChip({ item }: { item: Related }) {
  const internal = item.kind === 'group';
  const label = (
    <Group gap={6} wrap="nowrap">
      <Code fz={10}>{item.external_id}</Code>
      <span>{item.name}</span>
    </Group>
  );
  const style = {
    display: 'inline-block',
    padding: '4px 8px',
    borderRadius: 'var(--mantine-radius-sm)',
    border: '1px solid var(--mantine-color-default-border)',
  };
  return internal ? (
    <Anchor
      component={Link}
      to={groupPath(item.external_id)}
      size="sm"
      style={style}
      data-testid="related-link"
    >
      {label}
    </Anchor>
  ) : (
    <Anchor
      href={mitreRelatedUrl(item)}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      c="var(--mantine-color-text)"
      style={style}
      data-testid="related-link"
    >
      {label}
    </Anchor>
  );
}

/** Tactics with their TA ids, in matrix order. */
export function TacticList({ technique }: { technique: TechniqueDetail }) {
  if (technique.tactic_refs.length === 0)
    return <Chips values={technique.tactics} color="purple" />;
  return (
    <Group gap={4}>
      {technique.tactic_refs.map((t) => (
        <Badge
          key={t.shortname}
          variant="light"
          color="purple"
          size="sm"
          tt="none"
          fw={500}
          title={t.external_id}
        >
          {t.name}
        </Badge>
      ))}
    </Group>
  );
}
