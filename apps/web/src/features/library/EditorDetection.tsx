import {
  Grid,
  Group,
  Select,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { DefenceLayer, DetectionReference, ExpectedOutcome } from '@metamorph/contract';
import { useState } from 'react';
import { Section } from '../attack/AttackBits';
import { AddButton, RemoveButton } from './EditorControls';
import type { SectionProps } from './editor-types';
import { EXPECTATION_LABELS, LAYER_LABELS, optionsOf } from './labels';
import { linesOf, orNull, patchItem } from './template-form';

const KINDS = [
  { value: 'sigma', label: 'Sigma' },
  { value: 'url', label: 'URL' },
  { value: 'other', label: 'Other' },
];

export function OutcomesEditor({ form, set, errors }: SectionProps) {
  const outcomes = form.expected_outcomes;
  const layers = Object.keys(LAYER_LABELS) as DefenceLayer[];
  const unused = layers.find((l) => !outcomes.some((o) => o.layer === l));
  return (
    <Section title="Expected outcome per layer" count={outcomes.length} testId="editor-outcomes">
      <Stack gap="xs">
        {outcomes.length === 0 && (
          <Text size="sm" c="dimmed">
            What each defence layer should do when the test runs: blue records results against it.
          </Text>
        )}
        {outcomes.map((o, i) => (
          <Group key={i} gap="sm" wrap="wrap" data-testid="editor-outcome">
            <Select
              aria-label="Defence layer"
              data={optionsOf(LAYER_LABELS)}
              value={o.layer}
              allowDeselect={false}
              onChange={(v) =>
                set(
                  'expected_outcomes',
                  patchItem(outcomes, i, { layer: (v ?? 'other') as DefenceLayer }),
                )
              }
              error={errors[`expected_outcomes.${i}.layer`]}
              w={170}
            />
            <SegmentedControl
              size="xs"
              data={optionsOf(EXPECTATION_LABELS)}
              value={o.expectation}
              onChange={(v) =>
                set(
                  'expected_outcomes',
                  patchItem(outcomes, i, { expectation: v as ExpectedOutcome['expectation'] }),
                )
              }
              aria-label="Expectation"
            />
            <RemoveButton
              label="Remove outcome"
              onClick={() =>
                set(
                  'expected_outcomes',
                  outcomes.filter((_, j) => j !== i),
                )
              }
            />
          </Group>
        ))}
        {unused && (
          <AddButton
            label="Add layer"
            testId="editor-add-outcome"
            onClick={() =>
              set('expected_outcomes', [...outcomes, { layer: unused, expectation: 'alert' }])
            }
          />
        )}
      </Stack>
    </Section>
  );
}

export function DetectionsEditor({ form, set, errors }: SectionProps) {
  const refs = form.detection_refs;
  const update = (i: number, p: Partial<DetectionReference>) =>
    set('detection_refs', patchItem(refs, i, p));
  return (
    <Section title="Detection references" count={refs.length} testId="editor-detections">
      <Stack gap="xs">
        {refs.map((r, i) => (
          <Grid key={i} gap="xs" align="flex-start" data-testid="editor-detection">
            <Grid.Col span={{ base: 4, sm: 2 }}>
              <Select
                aria-label="Kind"
                data={KINDS}
                value={r.kind}
                allowDeselect={false}
                onChange={(v) => update(i, { kind: (v ?? 'other') as DetectionReference['kind'] })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 8, sm: 3 }}>
              <TextInput
                aria-label="Rule id"
                placeholder="Rule id"
                value={r.ref_id ?? ''}
                onChange={(e) => update(i, { ref_id: orNull(e.currentTarget.value) })}
                error={errors[`detection_refs.${i}.ref_id`]}
                ff="monospace"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                aria-label="Title"
                placeholder="Title"
                value={r.title ?? ''}
                onChange={(e) => update(i, { title: orNull(e.currentTarget.value) })}
                error={errors[`detection_refs.${i}.title`]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Group gap={4} wrap="nowrap" align="flex-start">
                <TextInput
                  aria-label="URL"
                  placeholder="https://…"
                  value={r.url ?? ''}
                  onChange={(e) => update(i, { url: orNull(e.currentTarget.value.trim()) })}
                  error={errors[`detection_refs.${i}.url`]}
                  style={{ flex: 1 }}
                  data-testid="editor-detection-url"
                />
                <RemoveButton
                  label="Remove reference"
                  onClick={() =>
                    set(
                      'detection_refs',
                      refs.filter((_, j) => j !== i),
                    )
                  }
                />
              </Group>
            </Grid.Col>
          </Grid>
        ))}
        <AddButton
          label="Add reference"
          testId="editor-add-detection"
          onClick={() =>
            set('detection_refs', [
              ...refs,
              { kind: 'sigma', ref_id: null, title: null, url: null },
            ])
          }
        />
        <IocsField form={form} set={set} errors={errors} />
      </Stack>
    </Section>
  );
}

/** One IOC per line; the text is kept as typed so blank lines do not vanish mid-edit. */
function IocsField({ form, set, errors }: SectionProps) {
  const [text, setText] = useState(() => form.expected_iocs.join('\n'));
  return (
    <Textarea
      mt="sm"
      label="Expected IOCs"
      description="One per line: hashes, file paths, domains, registry keys…"
      autosize
      minRows={2}
      maxRows={10}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        set('expected_iocs', linesOf(e.currentTarget.value));
      }}
      error={
        errors.expected_iocs ??
        Object.entries(errors).find(([k]) => k.startsWith('expected_iocs.'))?.[1]
      }
      data-testid="editor-iocs"
    />
  );
}
