import {
  ActionIcon,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { redactionPatternProblem, type RedactionPattern } from '@metamorph/contract';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useUpdateSettings } from '../../../api/settings';
import { ErrorAlert } from '../../../components/ErrorAlert';

const EMPTY = { name: '', pattern: '', flags: '' };

/**
 * The admin's own redaction patterns, applied to reports beside the built-in ones. The syntax
 * rules come from the contract (no backreferences, no lookaround, never empty); the server also
 * refuses what its ReDoS checker finds catastrophic, and names the pattern.
 */
export function RedactionPatternsCard({ saved }: { saved: RedactionPattern[] }) {
  const update = useUpdateSettings();
  const [draft, setDraft] = useState(EMPTY);
  const problem = draft.pattern ? redactionPatternProblem(draft.pattern, draft.flags) : null;
  const nameTaken = saved.some((p) => p.name === draft.name.trim());
  const save = (next: RedactionPattern[], message: string, after?: () => void) =>
    update.mutate(
      { 'reports.redaction_patterns': next },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message });
          after?.();
        },
      },
    );
  return (
    <Card data-testid="redaction-patterns">
      <Title order={2} fz="md">
        Report redaction
      </Title>
      <Text size="sm" className="mm-muted" mb="md" maw={760}>
        Reports mask passwords on command lines, NTLM hashes, Kerberos tickets, JWTs, AWS keys,
        private keys, bearer tokens and connection strings by themselves. Add patterns for secrets
        of your own (customer account names, internal token formats). A group named{' '}
        <Code>secret</Code> masks only that group.
      </Text>
      {saved.length > 0 && (
        <Table mb="md" verticalSpacing="xs" data-testid="redaction-pattern-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Pattern</Table.Th>
              <Table.Th>Flags</Table.Th>
              <Table.Th>
                <VisuallyHidden>Remove</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {saved.map((p) => (
              <Table.Tr key={p.name} data-testid="redaction-pattern-row">
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>
                  <Code>{p.pattern}</Code>
                </Table.Td>
                <Table.Td>{p.flags || '—'}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove the pattern ${p.name}`}
                    onClick={() =>
                      save(
                        saved.filter((x) => x.name !== p.name),
                        `Removed the pattern “${p.name}”`,
                      )
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            error={nameTaken ? 'A pattern has this name already' : undefined}
            w={200}
            data-testid="redaction-pattern-name"
          />
          <TextInput
            label="Regular expression"
            value={draft.pattern}
            onChange={(e) => setDraft({ ...draft, pattern: e.currentTarget.value })}
            error={problem ? `This pattern ${problem}` : undefined}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            w={380}
            data-testid="redaction-pattern-regex"
          />
          <TextInput
            label="Flags"
            description="i, m, s, u"
            value={draft.flags}
            onChange={(e) => setDraft({ ...draft, flags: e.currentTarget.value })}
            w={110}
          />
        </Group>
        {update.isError && <ErrorAlert error={update.error} title="The pattern was not saved" />}
        <Group>
          <Button
            leftSection={<IconPlus size={16} />}
            disabled={!draft.name.trim() || !draft.pattern || problem !== null || nameTaken}
            loading={update.isPending}
            onClick={() =>
              save(
                [...saved, { name: draft.name.trim(), pattern: draft.pattern, flags: draft.flags }],
                `Added the pattern “${draft.name.trim()}”`,
                () => setDraft(EMPTY),
              )
            }
            data-testid="redaction-pattern-add"
          >
            Add pattern
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
