import { Badge, Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import type { RedZoneField } from './draft-model';
import { attackDuration, fromLocalInput, toLocalInput, type Display } from './execution-model';
import { FieldConflict, SectionLabel } from './ZoneFrame';
import type { Zone } from './use-zone';

/** The real attack window: Start / Stop stamp now (and save at once); both stay editable. */
export function AttackClock({
  zone,
  disabled,
  display,
}: {
  zone: Zone<RedZoneField>;
  disabled: boolean;
  display: Display;
}) {
  const started = zone.value('attack_started_at');
  const ended = zone.value('attack_ended_at');
  const duration = attackDuration(started, ended);
  const running = typeof started === 'string' && ended === null;
  const time = (f: 'attack_started_at' | 'attack_ended_at', label: string, testId: string) => {
    const v = zone.value(f);
    return (
      <div>
        <TextInput
          type="datetime-local"
          step={1}
          label={label}
          size="xs"
          value={toLocalInput(typeof v === 'string' ? v : null)}
          onChange={(e) => zone.set(f, fromLocalInput(e.currentTarget.value))}
          readOnly={disabled}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid={testId}
        />
        <FieldConflict
          value={zone.conflictOf(f)}
          display={display(f, zone.conflictOf(f) ?? null)}
        />
      </div>
    );
  };
  return (
    <Stack gap={6} data-testid="attack-clock" data-running={running || undefined}>
      <Group justify="space-between" gap="xs">
        <Group gap={8}>
          <SectionLabel>Attack clock</SectionLabel>
          {running && (
            <Badge size="sm" color="red" variant="dot" tt="none" data-testid="attack-running">
              running
            </Badge>
          )}
          {duration && (
            <Badge
              size="sm"
              color="gray"
              variant="light"
              tt="none"
              ff="monospace"
              data-testid="attack-duration"
            >
              {duration}
            </Badge>
          )}
        </Group>
        {!disabled && (
          <Group gap={6}>
            <Button
              size="compact-sm"
              color="red"
              variant={started ? 'default' : 'filled'}
              leftSection={<IconPlayerPlay size={13} />}
              onClick={() => zone.commit('attack_started_at', new Date().toISOString())}
              disabled={running}
              data-testid="attack-start"
            >
              {started ? 'Restart' : 'Start'}
            </Button>
            <Button
              size="compact-sm"
              color="red"
              variant={running ? 'filled' : 'default'}
              leftSection={<IconPlayerStop size={13} />}
              onClick={() => zone.commit('attack_ended_at', new Date().toISOString())}
              disabled={!running}
              data-testid="attack-stop"
            >
              Stop
            </Button>
          </Group>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        {time('attack_started_at', 'Started', 'attack-started')}
        {time('attack_ended_at', 'Ended', 'attack-ended')}
      </SimpleGrid>
    </Stack>
  );
}
