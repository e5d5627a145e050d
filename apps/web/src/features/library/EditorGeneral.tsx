import { Grid, Select, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import type { AttackTag } from '@metamorph/contract';
import { useAttackMatrix } from '../../api/attack';
import { Section } from '../attack/AttackBits';
import { AttackTagPicker } from './AttackTagPicker';
import type { SectionProps } from './editor-types';
import { MarkdownField } from './MarkdownField';
import { orNull } from './template-form';

const OPSEC = ['low', 'medium', 'high'];

interface GeneralProps extends SectionProps {
  /** Only for a new template: the stable key (generated from the name when blank). */
  keyField?: { value: string; onChange: (v: string) => void };
  knownTags: readonly AttackTag[];
  tagSuggestions: string[];
}

export function GeneralSection(props: GeneralProps) {
  const { form, set, errors, keyField, knownTags, tagSuggestions } = props;
  const matrix = useAttackMatrix({
    domain: 'enterprise-attack',
    includeRevoked: false,
    includeDeprecated: false,
  });
  const opsec = OPSEC.includes(form.opsec_level) ? OPSEC : [...OPSEC, form.opsec_level];
  return (
    <Section title="General" testId="editor-general">
      <Stack gap="md">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: keyField ? 8 : 12 }}>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              data-testid="editor-name"
            />
          </Grid.Col>
          {keyField && (
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label="Key"
                placeholder="auto, from the name"
                value={keyField.value}
                onChange={(e) => keyField.onChange(e.currentTarget.value)}
                error={errors.key}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                data-testid="editor-key"
              />
            </Grid.Col>
          )}
        </Grid>
        <Textarea
          label="Description"
          description="What the test does, in a sentence or two (Markdown)."
          autosize
          minRows={2}
          maxRows={10}
          value={form.description ?? ''}
          onChange={(e) => set('description', orNull(e.currentTarget.value))}
          error={errors.description}
          data-testid="editor-description"
        />
        <Textarea
          label="Objective"
          description="What the exercise proves when it succeeds or is caught."
          autosize
          minRows={1}
          maxRows={6}
          value={form.objective ?? ''}
          onChange={(e) => set('objective', orNull(e.currentTarget.value))}
          error={errors.objective}
          data-testid="editor-objective"
        />
        <AttackTagPicker
          value={form.attack_ids}
          onChange={(ids) => set('attack_ids', ids)}
          known={knownTags}
          error={
            errors.attack_ids ??
            Object.entries(errors).find(([k]) => k.startsWith('attack_ids.'))?.[1]
          }
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 4.5 }}>
            <TagsInput
              label="Platforms"
              placeholder="Windows, Linux…"
              data={matrix.data?.platforms ?? ['Windows', 'Linux', 'macOS']}
              value={form.platforms}
              onChange={(v) => set('platforms', v)}
              error={errors.platforms}
              clearable
              data-testid="editor-platforms"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4.5 }}>
            <TagsInput
              label="Tags"
              placeholder="Add a tag, Enter"
              data={tagSuggestions}
              value={form.tags}
              onChange={(v) => set('tags', v)}
              error={errors.tags}
              clearable
              data-testid="editor-tags"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <Select
              label="OPSEC"
              data={opsec}
              value={form.opsec_level}
              onChange={(v) => set('opsec_level', v ?? 'medium')}
              allowDeselect={false}
              error={errors.opsec_level}
              data-testid="editor-opsec"
            />
          </Grid.Col>
        </Grid>
      </Stack>
    </Section>
  );
}

/** The Markdown texts: procedure, prerequisites, and what red and blue should see. */
export function ProcedureSection({ form, set, errors }: SectionProps) {
  return (
    <Section title="Procedure" testId="editor-procedure-section">
      <Stack gap="md">
        <MarkdownField
          label="Procedure"
          description="The steps red follows. Shown to operators during the mission."
          value={form.procedure_md}
          onChange={(v) => set('procedure_md', v)}
          error={errors.procedure_md}
          minRows={6}
          testId="editor-procedure"
        />
        <MarkdownField
          label="Prerequisites"
          value={form.prerequisites_md}
          onChange={(v) => set('prerequisites_md', v)}
          error={errors.prerequisites_md}
          minRows={2}
          testId="editor-prerequisites"
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <MarkdownField
              label="Expected: red"
              value={form.expected_red_md}
              onChange={(v) => set('expected_red_md', v)}
              error={errors.expected_red_md}
              minRows={3}
              testId="editor-expected-red"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <MarkdownField
              label="Expected: blue"
              value={form.expected_blue_md}
              onChange={(v) => set('expected_blue_md', v)}
              error={errors.expected_blue_md}
              minRows={3}
              testId="editor-expected-blue"
            />
          </Grid.Col>
        </Grid>
      </Stack>
    </Section>
  );
}
