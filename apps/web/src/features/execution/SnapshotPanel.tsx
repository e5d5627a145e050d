import { Badge, Box, Collapse, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import type { MissionTestDetail } from '@metamorph/contract';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { CommandBlock } from '../library/CommandBlock';
import { LibraryMarkdown } from '../library/LibraryBits';
import { SectionLabel } from './ZoneFrame';

/** The procedure as planned (the snapshot): steps, executor command, arguments, prerequisites. */
export function SnapshotPanel({ test }: { test: MissionTestDetail }) {
  const [open, setOpen] = useState(true);
  const ex = test.snapshot_executor;
  const args = test.snapshot_input_arguments;
  const empty =
    !test.snapshot_procedure_md &&
    !ex?.command &&
    !ex?.steps_md &&
    args.length === 0 &&
    !test.snapshot_prerequisites_md;
  return (
    <Box
      p="sm"
      data-testid="snapshot"
      style={{
        background: 'light-dark(var(--mantine-color-red-0), rgba(250, 82, 82, 0.08))',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    >
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} w="100%">
        <Group gap={6} justify="space-between">
          <Group gap={6}>
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            <SectionLabel>Procedure (as planned)</SectionLabel>
          </Group>
          <Group gap={4}>
            {ex && (
              <Badge size="xs" variant="outline" color="red" tt="none" ff="monospace">
                {ex.name}
              </Badge>
            )}
            {ex?.elevation_required && (
              <Badge size="xs" variant="light" color="orange" tt="none">
                elevated
              </Badge>
            )}
            {test.snapshot_platforms.map((p) => (
              <Badge key={p} size="xs" variant="default" tt="none">
                {p}
              </Badge>
            ))}
          </Group>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <Stack gap="sm" mt="xs">
          {empty && (
            <Text size="sm" c="dimmed">
              No procedure was written for this test.
            </Text>
          )}
          {test.snapshot_objective && (
            <Text size="sm">
              <b>Objective:</b> {test.snapshot_objective}
            </Text>
          )}
          {test.snapshot_procedure_md && <LibraryMarkdown markdown={test.snapshot_procedure_md} />}
          {ex?.steps_md && <LibraryMarkdown markdown={ex.steps_md} />}
          {ex?.command && (
            <CommandBlock
              label="Command"
              command={ex.command}
              args={args}
              testId="snapshot-command"
            />
          )}
          {ex?.cleanup_command && (
            <CommandBlock label="Cleanup" command={ex.cleanup_command} args={args} />
          )}
          {args.length > 0 && (
            <Table fz="xs" verticalSpacing={4} withTableBorder data-testid="snapshot-args">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Argument</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Default</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {args.map((a) => (
                  <Table.Tr key={a.name}>
                    <Table.Td>
                      <Text ff="monospace" fz="xs" title={a.description}>
                        {a.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{a.type}</Table.Td>
                    <Table.Td>
                      <Text ff="monospace" fz="xs" style={{ wordBreak: 'break-all' }}>
                        {a.default ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {test.snapshot_prerequisites_md && (
            <Stack gap={4}>
              <SectionLabel>Prerequisites</SectionLabel>
              <LibraryMarkdown markdown={test.snapshot_prerequisites_md} />
            </Stack>
          )}
          {test.snapshot_dependencies.map((d, i) => (
            <Stack gap={4} key={i}>
              {d.description && <Text size="sm">{d.description}</Text>}
              {d.prereq_command && (
                <CommandBlock label="Check" command={d.prereq_command} args={args} />
              )}
              {d.get_prereq_command && (
                <CommandBlock label="Get prerequisite" command={d.get_prereq_command} args={args} />
              )}
            </Stack>
          ))}
          {test.snapshot_expected_red_md && (
            <Stack gap={4}>
              <SectionLabel>Expected (red)</SectionLabel>
              <LibraryMarkdown markdown={test.snapshot_expected_red_md} />
            </Stack>
          )}
        </Stack>
      </Collapse>
    </Box>
  );
}
