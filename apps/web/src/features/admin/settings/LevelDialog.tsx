import {
  Button,
  ColorInput,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DetectionLevelCreate, type DetectionLevel } from '@metamorph/contract';
import { useState, type FormEvent } from 'react';
import { useCreateLevel, useRerankLevels, useUpdateLevel } from '../../../api/detection-levels';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { insertRank } from './level-ranks';
import { formErrors, slugOf } from './level-form';

export const LEVEL_SWATCHES = [
  '#e03131',
  '#f76707',
  '#f59f00',
  '#2f9e44',
  '#0ca678',
  '#1098ad',
  '#1c7ed6',
  '#4263eb',
  '#7048e8',
  '#ae3ec9',
  '#d6336c',
  '#868e96',
];

const COUNTS_AS = [
  { value: 'none', label: 'none — not seen' },
  { value: 'logged', label: 'logged — telemetry only' },
  { value: 'alerted', label: 'alerted — an alert fired' },
  { value: 'prevented', label: 'prevented — a control stopped it' },
];

/** Create or edit a detection level; the key is set once (shown read-only on edit). */
export function LevelDialog({
  levels,
  level,
  onClose,
}: {
  levels: readonly DetectionLevel[];
  level: DetectionLevel | null;
  onClose: () => void;
}) {
  const create = useCreateLevel();
  const update = useUpdateLevel();
  const rerank = useRerankLevels();
  const [keyTouched, setKeyTouched] = useState(level !== null);
  const [form, setForm] = useState({
    key: level?.key ?? '',
    label: level?.label ?? '',
    colour: level?.colour ?? '#1098ad',
    counts_as: level?.counts_as ?? 'alerted',
    coverage_score: level?.coverage_score ?? 50,
    description: level?.description ?? '',
  });
  const last = levels[levels.length - 1]?.id ?? null;
  const [after, setAfter] = useState<string | null>(last);
  const [submitted, setSubmitted] = useState(false);
  const candidate = {
    ...form,
    description: form.description.trim() || null,
    rank: level?.rank ?? 0,
  };
  const errors = formErrors(DetectionLevelCreate.safeParse(candidate));
  const shown = submitted ? errors : {};
  const pending = create.isPending || update.isPending || rerank.isPending;
  const error = create.error ?? update.error ?? rerank.error;

  const done = (message: string) => {
    notifications.show({ color: 'teal', message });
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    if (level) {
      const { key: _key, rank: _rank, ...patch } = candidate;
      update.mutate({ id: level.id, patch }, { onSuccess: () => done(`${form.label} saved.`) });
      return;
    }
    const { rank, shifts } = insertRank(levels, after);
    try {
      if (shifts.length > 0) await rerank.mutateAsync(shifts);
      await create.mutateAsync({ ...candidate, rank });
      done(`${form.label} created.`);
    } catch {
      // Shown by the ErrorAlert.
    }
  };

  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  return (
    <Modal
      opened
      onClose={onClose}
      title={level ? `Edit “${level.label}”` : 'New detection level'}
      size="lg"
      data-testid="level-dialog"
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          {error && <ErrorAlert error={error} title="Not saved" />}
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Label"
              required
              value={form.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                setForm((f) => ({ ...f, label, key: keyTouched ? f.key : slugOf(label) }));
              }}
              error={shown.label}
              data-autofocus
              data-testid="level-label"
            />
            <TextInput
              label="Key"
              description={level ? 'Immutable' : 'A lowercase slug; cannot change later'}
              value={form.key}
              readOnly={level !== null}
              variant={level ? 'filled' : 'default'}
              onChange={(e) => {
                setKeyTouched(true);
                set('key', e.currentTarget.value);
              }}
              error={shown.key}
              ff="monospace"
              data-testid="level-key"
            />
            <ColorInput
              label="Colour"
              value={form.colour}
              onChange={(v) => set('colour', v)}
              format="hex"
              swatches={LEVEL_SWATCHES}
              swatchesPerRow={12}
              error={shown.colour}
              data-testid="level-colour"
            />
            <Select
              label="Counts as"
              description="Which per-tool fact this level stands for"
              data={COUNTS_AS}
              value={form.counts_as}
              onChange={(v) => {
                const c = COUNTS_AS.find((x) => x.value === v);
                if (c) set('counts_as', c.value as DetectionLevel['counts_as']);
              }}
              allowDeselect={false}
              data-testid="level-counts-as"
            />
            <NumberInput
              label="Coverage score"
              description="0–100, used in coverage maps"
              min={0}
              max={100}
              allowDecimal={false}
              value={form.coverage_score}
              onChange={(v) => set('coverage_score', typeof v === 'number' ? v : 0)}
              error={shown.coverage_score}
              data-testid="level-coverage"
            />
            {!level && (
              <Select
                label="Rank"
                description="Place it just above"
                data={levels.map((l) => ({ value: l.id, label: `above ${l.label}` }))}
                value={after}
                onChange={setAfter}
                placeholder="Lowest of all"
                clearable
                data-testid="level-after"
              />
            )}
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={form.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={shown.description}
            data-testid="level-description"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} data-testid="level-save">
              {level ? 'Save' : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
