import { Badge, Button, Group, Kbd, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { FieldValue, ZoneField } from './draft-model';
import { ConflictDialog } from './ConflictDialog';
import type { Zone } from './use-zone';

const COLOURS = { red: 'red', blue: 'cyan' } as const;

/** A side's zone: coloured left border, heading, Save (Ctrl/Cmd+S), errors, conflict dialog. */
export function ZoneFrame<F extends ZoneField>({
  side,
  title,
  canWrite,
  zone,
  actor,
  children,
}: {
  side: 'red' | 'blue';
  title: string;
  canWrite: boolean;
  zone: Zone<F>;
  actor: string | null;
  children: ReactNode;
}) {
  const colour = COLOURS[side];
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-zone={side}
      data-testid={`zone-${side}`}
      style={{ borderLeft: `4px solid var(--mantine-color-${colour}-6)` }}
    >
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={8}>
            <Title order={3} fz="md" c={`var(--mm-text-${colour})`}>
              {title}
            </Title>
            {!canWrite && (
              <Tooltip label={`You cannot write the ${side} side of this mission`}>
                <Badge
                  size="sm"
                  variant="light"
                  color="gray"
                  tt="none"
                  leftSection={<IconLock size={11} />}
                  data-testid={`zone-${side}-readonly`}
                >
                  read only
                </Badge>
              </Tooltip>
            )}
            {zone.dirty && (
              <Badge
                size="sm"
                variant="dot"
                color="orange"
                tt="none"
                data-testid={`zone-${side}-dirty`}
              >
                unsaved
              </Badge>
            )}
          </Group>
          {canWrite && (
            <Tooltip
              label={
                <Group gap={4}>
                  Save the {side} side <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd>
                </Group>
              }
            >
              <Button
                size="xs"
                color={colour}
                leftSection={<IconDeviceFloppy size={14} />}
                disabled={!zone.dirty}
                loading={zone.saving}
                onClick={zone.save}
                data-testid={`zone-${side}-save`}
              >
                Save
              </Button>
            </Tooltip>
          )}
        </Group>
        {zone.error !== null && <ErrorAlert error={zone.error} title="Not saved" />}
        {children}
      </Stack>
      {zone.conflict && (
        <ConflictDialog
          zone={`${side} side`}
          conflict={zone.conflict}
          actor={actor}
          onReapply={zone.reapply}
          onDiscard={zone.discardMine}
          onClose={zone.closeConflict}
        />
      )}
    </Paper>
  );
}

/** Under a field the server changed while the user edited it. */
export function FieldConflict({
  value,
  display,
}: {
  value: FieldValue | undefined;
  display: string;
}) {
  if (value === undefined) return null;
  return (
    <Text size="xs" c="var(--mm-text-orange)" mt={2} data-testid="field-conflict" lineClamp={2}>
      Changed on the server meanwhile:{' '}
      <Text span ff="monospace" fz="xs">
        {display}
      </Text>{' '}
      — yours is kept until you save or discard.
    </Text>
  );
}

/** A small uppercase section label inside a zone. */
export function SectionLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.5}>
      {children}
    </Text>
  );
}
