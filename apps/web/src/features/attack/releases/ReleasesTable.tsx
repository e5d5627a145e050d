import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { AttackRelease } from '@metamorph/contract';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { domainLabel } from '../attack-ids';
import { PRIMARY_COUNTS, countEntries, countText, sourceText } from './release-diff';

/** Imported releases, newest first: domain, version, counts, when, which is current. */
export function ReleasesTable({ releases }: { releases: readonly AttackRelease[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="releases-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Release</Table.Th>
            <Table.Th>Contents</Table.Th>
            <Table.Th>Imported</Table.Th>
            <Table.Th>Source</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {releases.map((r) => (
            <Table.Tr
              key={r.id}
              data-testid="release-row"
              data-version={r.version}
              data-current={r.current}
            >
              <Table.Td>
                <Group gap={8} wrap="nowrap">
                  <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {domainLabel(r.domain)} v{r.version}
                  </Text>
                  {r.current && (
                    <Badge color="teal" variant="light" size="sm" data-testid="release-current">
                      Current
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  STIX {r.spec_version}
                </Text>
              </Table.Td>
              <Table.Td>
                <Counts counts={r.counts} />
              </Table.Td>
              <Table.Td>
                <Tooltip label={formatDateTime(r.imported_at)}>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatRelative(r.imported_at)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td maw={260}>
                <Tooltip label={`SHA-256 ${r.sha256}`} multiline maw={360}>
                  <Text size="xs" ff="monospace" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {sourceText(r.source)}
                  </Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Counts({ counts }: { counts: AttackRelease['counts'] }) {
  const entries = countEntries(counts);
  const primary = entries.filter((c) => PRIMARY_COUNTS.has(c.key));
  const rest = entries.filter((c) => !PRIMARY_COUNTS.has(c.key));
  return (
    <Group gap={4}>
      {primary.map((c) => (
        <Badge key={c.key} variant="default" size="sm" tt="none" fw={500}>
          {countText(c)}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map(countText).join(' · ')} multiline maw={320}>
          <Badge variant="transparent" color="gray" size="sm" tt="none" fw={500} tabIndex={0}>
            +{rest.length} more
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
