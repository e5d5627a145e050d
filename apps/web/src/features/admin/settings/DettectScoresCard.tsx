import { Button, Card, Group, NumberInput, SimpleGrid, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  DETTECT_DEFAULT_SCORES,
  DETTECT_DETECTION_MAX,
  DETTECT_DETECTION_MIN,
  type DetectionLevel,
} from '@metamorph/contract';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useDetectionLevels } from '../../../api/execution';
import { useUpdateSettings } from '../../../api/settings';
import { ErrorAlert } from '../../../components/ErrorAlert';

/** What a level without an entry scores as (the server's fallback by `counts_as`). */
const BY_CLASS: Record<DetectionLevel['counts_as'], number> = {
  none: DETTECT_DEFAULT_SCORES.not_detected ?? -1,
  logged: DETTECT_DEFAULT_SCORES.logged ?? 1,
  alerted: DETTECT_DEFAULT_SCORES.alerted ?? 3,
  prevented: DETTECT_DEFAULT_SCORES.prevented ?? 4,
};

/**
 * The `dettect.detection_scores` setting: the DeTT&CT detection score (−1…5) each detection
 * level gets in the DeTT&CT export (docs/threat-coverage.md).
 */
export function DettectScoresCard({ saved }: { saved: Record<string, number> }) {
  const levels = useDetectionLevels();
  const update = useUpdateSettings();
  const items = [...(levels.data?.items ?? [])].sort((a, b) => a.rank - b.rank);
  const current = (l: DetectionLevel) => saved[l.key] ?? BY_CLASS[l.counts_as];
  const [draft, setDraft] = useState<Record<string, number | string>>({});
  useEffect(() => setDraft({}), [saved]);
  const value = (l: DetectionLevel) => draft[l.key] ?? current(l);
  const valid = (v: number | string) =>
    typeof v === 'number' &&
    Number.isInteger(v) &&
    v >= DETTECT_DETECTION_MIN &&
    v <= DETTECT_DETECTION_MAX;
  const changed = items.some((l) => value(l) !== current(l));
  const ok = items.every((l) => valid(value(l)));
  const save = () =>
    update.mutate(
      {
        'dettect.detection_scores': Object.fromEntries(items.map((l) => [l.key, Number(value(l))])),
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'DeTT&CT scores saved' }) },
    );
  return (
    <Card data-testid="dettect-scores">
      <Title order={2} fz="md">
        DeTT&CT detection scores
      </Title>
      <Text size="sm" className="mm-muted" mb="md" maw={760}>
        The score (−1 none … 5 excellent) each detection level gets in a client&apos;s DeTT&CT
        export of its tested coverage.
      </Text>
      {update.isError && <ErrorAlert error={update.error} title="The scores were not saved" />}
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        {items.map((l) => (
          <NumberInput
            key={l.id}
            label={l.label}
            description={l.key}
            min={DETTECT_DETECTION_MIN}
            max={DETTECT_DETECTION_MAX}
            allowDecimal={false}
            value={value(l)}
            error={valid(value(l)) ? null : 'A whole number from −1 to 5'}
            onChange={(v) => setDraft((d) => ({ ...d, [l.key]: v }))}
            data-testid={`dettect-score-${l.key}`}
          />
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!changed || !ok}
          loading={update.isPending}
          onClick={save}
          data-testid="dettect-scores-save"
        >
          Save scores
        </Button>
      </Group>
    </Card>
  );
}
