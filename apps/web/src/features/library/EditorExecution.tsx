import {
  Anchor,
  Code,
  Grid,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import type { ExecutorName, InputArgument } from '@metamorph/contract';
import { Section } from '../attack/AttackBits';
import { AddButton, RemoveButton } from './EditorControls';
import type { SectionProps } from './editor-types';
import { EXECUTOR_LABELS, optionsOf } from './labels';
import { MarkdownField } from './MarkdownField';
import { placeholderNames } from './placeholders';
import { orNull, patchItem } from './template-form';

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };
const ARG_TYPES = ['string', 'path', 'url', 'integer', 'float'];

export function ExecutorSection({ form, set, errors }: SectionProps) {
  const ex = form.executor;
  const patch = (p: Partial<NonNullable<typeof ex>>) => ex && set('executor', { ...ex, ...p });
  const argNames = form.input_arguments.map((a) => a.name);
  const used = placeholderNames(ex?.command, ex?.cleanup_command);
  const addArgument = (name: string) =>
    set('input_arguments', [
      ...form.input_arguments,
      { name, description: '', type: 'string', default: null },
    ]);
  return (
    <Section title="Executor" testId="editor-executor">
      <Stack gap="md">
        <Group gap="lg" align="flex-end">
          <Select
            label="Runs with"
            placeholder="No executor"
            data={optionsOf(EXECUTOR_LABELS)}
            value={ex?.name ?? null}
            onChange={(v) =>
              set(
                'executor',
                v
                  ? {
                      name: v as ExecutorName,
                      command: ex?.command ?? null,
                      cleanup_command: ex?.cleanup_command ?? null,
                      steps_md: ex?.steps_md ?? null,
                      elevation_required: ex?.elevation_required ?? false,
                    }
                  : null,
              )
            }
            clearable
            w={220}
            data-testid="editor-executor-name"
          />
          {ex && (
            <Switch
              label="Elevation required"
              checked={ex.elevation_required}
              onChange={(e) => patch({ elevation_required: e.currentTarget.checked })}
              mb={8}
              data-testid="editor-elevation"
            />
          )}
        </Group>
        {ex?.name === 'manual' && (
          <MarkdownField
            label="Steps"
            value={ex.steps_md}
            onChange={(v) => patch({ steps_md: v })}
            error={errors['executor.steps_md']}
            testId="editor-steps"
          />
        )}
        {ex && ex.name !== 'manual' && (
          <>
            <Textarea
              label="Command"
              description="Use #{argument} for input arguments: they are filled in at execution."
              autosize
              minRows={3}
              maxRows={20}
              styles={mono}
              value={ex.command ?? ''}
              onChange={(e) => patch({ command: orNull(e.currentTarget.value) })}
              error={errors['executor.command']}
              data-testid="editor-command"
            />
            <Textarea
              label="Cleanup command"
              autosize
              minRows={1}
              maxRows={12}
              styles={mono}
              value={ex.cleanup_command ?? ''}
              onChange={(e) => patch({ cleanup_command: orNull(e.currentTarget.value) })}
              error={errors['executor.cleanup_command']}
              data-testid="editor-cleanup"
            />
            {used.length > 0 && (
              <Group gap={6} data-testid="editor-placeholders">
                <Text size="xs" c="dimmed">
                  Placeholders:
                </Text>
                {used.map((name) =>
                  argNames.includes(name) ? (
                    <Code key={name} fz="xs">{`#{${name}}`}</Code>
                  ) : (
                    <Tooltip key={name} label="No input argument defines it">
                      <Code fz="xs" c="orange">
                        {`#{${name}}`}{' '}
                        <Anchor
                          component="button"
                          type="button"
                          fz="xs"
                          onClick={() => addArgument(name)}
                        >
                          define
                        </Anchor>
                      </Code>
                    </Tooltip>
                  ),
                )}
              </Group>
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}

export function ArgumentsEditor({ form, set, errors }: SectionProps) {
  const args = form.input_arguments;
  const update = (i: number, p: Partial<InputArgument>) =>
    set('input_arguments', patchItem(args, i, p));
  return (
    <Section title="Input arguments" count={args.length} testId="editor-arguments">
      <Stack gap="xs">
        {args.map((a, i) => (
          <Grid key={i} gap="xs" align="flex-start" data-testid="editor-argument">
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput
                aria-label="Argument name"
                placeholder="name"
                styles={mono}
                value={a.name}
                onChange={(e) => update(i, { name: e.currentTarget.value })}
                error={errors[`input_arguments.${i}.name`]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>
              <Select
                aria-label="Argument type"
                data={ARG_TYPES}
                value={a.type}
                allowDeselect={false}
                onChange={(v) => update(i, { type: (v ?? 'string') as InputArgument['type'] })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 8, sm: 3 }}>
              <TextInput
                aria-label="Default value"
                placeholder="default"
                styles={mono}
                value={a.default ?? ''}
                onChange={(e) => update(i, { default: orNull(e.currentTarget.value) })}
                error={errors[`input_arguments.${i}.default`]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Group gap={4} wrap="nowrap">
                <TextInput
                  aria-label="Argument description"
                  placeholder="description"
                  value={a.description}
                  onChange={(e) => update(i, { description: e.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <RemoveButton
                  label={`Remove argument ${a.name}`}
                  onClick={() =>
                    set(
                      'input_arguments',
                      args.filter((_, j) => j !== i),
                    )
                  }
                />
              </Group>
            </Grid.Col>
          </Grid>
        ))}
        <AddButton
          label="Add argument"
          testId="editor-add-argument"
          onClick={() =>
            set('input_arguments', [
              ...args,
              { name: '', description: '', type: 'string', default: null },
            ])
          }
        />
      </Stack>
    </Section>
  );
}
