import { Anchor, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { TestTemplate } from '@metamorph/contract';
import { IconExternalLink, IconShieldLock } from '@tabler/icons-react';
import { Section } from '../attack/AttackBits';
import { CommandBlock } from './CommandBlock';
import { EXECUTOR_LABELS, EXPECTATION_COLORS, EXPECTATION_LABELS, LAYER_LABELS } from './labels';
import { LibraryMarkdown } from './LibraryBits';

type T = { template: TestTemplate };

export function ExecutorSection({ template }: T) {
  const ex = template.executor;
  if (!ex) return null;
  return (
    <Section title="Execution" testId="template-executor">
      <Stack gap="md">
        <Group gap={8}>
          <Badge variant="light" color="gray" tt="none" data-testid="executor-name">
            {EXECUTOR_LABELS[ex.name]}
          </Badge>
          {ex.elevation_required && (
            <Badge
              variant="light"
              color="orange"
              leftSection={<IconShieldLock size={12} />}
              tt="none"
            >
              Elevation required
            </Badge>
          )}
        </Group>
        {ex.steps_md && <LibraryMarkdown markdown={ex.steps_md} />}
        {ex.command && (
          <CommandBlock
            label="Command"
            command={ex.command}
            args={template.input_arguments}
            testId="executor-command"
          />
        )}
        {ex.cleanup_command && (
          <CommandBlock
            label="Cleanup"
            command={ex.cleanup_command}
            args={template.input_arguments}
            testId="executor-cleanup"
          />
        )}
      </Stack>
    </Section>
  );
}

export function ArgumentsSection({ template }: T) {
  const args = template.input_arguments;
  if (args.length === 0) return null;
  return (
    <Section title="Input arguments" count={args.length} testId="template-arguments">
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={6} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="24%">Name</Table.Th>
              <Table.Th w={80}>Type</Table.Th>
              <Table.Th w="30%">Default</Table.Th>
              <Table.Th>Description</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {args.map((a) => (
              <Table.Tr key={a.name} data-testid="argument-row">
                <Table.Td>
                  <Code fz="xs">{`#{${a.name}}`}</Code>
                </Table.Td>
                <Table.Td fz="xs">{a.type}</Table.Td>
                <Table.Td>
                  {a.default !== null ? (
                    <Code fz="xs" style={{ wordBreak: 'break-all' }}>
                      {a.default}
                    </Code>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="xs">{a.description || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

export function DependenciesSection({ template }: T) {
  const deps = template.dependencies;
  if (deps.length === 0) return null;
  const args = template.input_arguments;
  return (
    <Section title="Dependencies" count={deps.length} testId="template-dependencies">
      <Stack gap="lg">
        {template.dependency_executor && (
          <Text size="xs" c="dimmed">
            Checked with {EXECUTOR_LABELS[template.dependency_executor]}
          </Text>
        )}
        {deps.map((d, i) => (
          <Stack key={i} gap="xs" data-testid="dependency">
            <Text size="sm" fw={500}>
              {d.description || `Dependency ${i + 1}`}
            </Text>
            {d.prereq_command && (
              <CommandBlock label="Check" command={d.prereq_command} args={args} />
            )}
            {d.get_prereq_command && (
              <CommandBlock label="Get prerequisite" command={d.get_prereq_command} args={args} />
            )}
          </Stack>
        ))}
      </Stack>
    </Section>
  );
}

export function OutcomesSection({ template }: T) {
  const outcomes = template.expected_outcomes;
  return (
    <Section title="Expected outcome" count={outcomes.length} testId="template-outcomes">
      {outcomes.length === 0 ? (
        <Text size="sm" c="dimmed">
          No expectation per defence layer yet.
        </Text>
      ) : (
        <Stack gap={6}>
          {outcomes.map((o, i) => (
            <Group key={i} justify="space-between" gap="xs" data-testid="outcome-row">
              <Text size="sm">{LAYER_LABELS[o.layer]}</Text>
              <Badge variant="light" color={EXPECTATION_COLORS[o.expectation]} tt="none">
                {EXPECTATION_LABELS[o.expectation]}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}

export function DetectionsSection({ template }: T) {
  const refs = template.detection_refs;
  if (refs.length === 0) return null;
  return (
    <Section title="Detection references" count={refs.length} testId="template-detections">
      <Stack gap={8}>
        {refs.map((r, i) => {
          const label = r.title ?? r.ref_id ?? r.url ?? `Reference ${i + 1}`;
          return (
            <Group key={i} gap={8} wrap="nowrap" align="flex-start" data-testid="detection-ref">
              <Badge size="xs" variant="default" radius="sm" mt={3} style={{ flex: 'none' }}>
                {r.kind}
              </Badge>
              <Stack gap={0} miw={0}>
                {r.url ? (
                  <Anchor
                    href={r.url}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    size="sm"
                    style={{ wordBreak: 'break-word' }}
                  >
                    {label} <IconExternalLink size={12} />
                  </Anchor>
                ) : (
                  <Text size="sm">{label}</Text>
                )}
                {r.ref_id && r.title && (
                  <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                    {r.ref_id}
                  </Text>
                )}
              </Stack>
            </Group>
          );
        })}
      </Stack>
    </Section>
  );
}

/** A titled Markdown text, or nothing when it is empty. */
export function MarkdownSection(props: { title: string; markdown: string | null; testId: string }) {
  if (!props.markdown?.trim()) return null;
  return (
    <Section title={props.title} testId={props.testId}>
      <LibraryMarkdown markdown={props.markdown} />
    </Section>
  );
}
