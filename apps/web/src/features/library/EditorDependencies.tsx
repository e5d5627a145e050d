import { Group, Paper, Select, Stack, TextInput, Textarea } from '@mantine/core';
import type { ExecutorName } from '@metamorph/contract';
import { Section } from '../attack/AttackBits';
import { AddButton, RemoveButton } from './EditorControls';
import type { SectionProps } from './editor-types';
import { EXECUTOR_LABELS, optionsOf } from './labels';
import { orNull, patchItem } from './template-form';

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

/** What must be in place before the test runs: a check and a fetch command each. */
export function DependenciesEditor({ form, set, errors }: SectionProps) {
  const deps = form.dependencies;
  return (
    <Section title="Dependencies" count={deps.length} testId="editor-dependencies">
      <Stack gap="sm">
        {deps.length > 0 && (
          <Select
            label="Checked with"
            placeholder="Same as the executor"
            data={optionsOf(EXECUTOR_LABELS)}
            value={form.dependency_executor}
            onChange={(v) => set('dependency_executor', (v as ExecutorName | null) ?? null)}
            clearable
            w={220}
          />
        )}
        {deps.map((d, i) => (
          <Paper key={i} withBorder p="sm" radius="md" data-testid="editor-dependency">
            <Stack gap="xs">
              <Group gap={4} wrap="nowrap">
                <TextInput
                  aria-label="Dependency description"
                  placeholder="What must be in place"
                  value={d.description}
                  onChange={(e) =>
                    set('dependencies', patchItem(deps, i, { description: e.currentTarget.value }))
                  }
                  style={{ flex: 1 }}
                />
                <RemoveButton
                  label="Remove dependency"
                  onClick={() =>
                    set(
                      'dependencies',
                      deps.filter((_, j) => j !== i),
                    )
                  }
                />
              </Group>
              <Textarea
                aria-label="Check command"
                placeholder="Check command (exit 0 when met)"
                autosize
                minRows={1}
                styles={mono}
                value={d.prereq_command ?? ''}
                onChange={(e) =>
                  set(
                    'dependencies',
                    patchItem(deps, i, { prereq_command: orNull(e.currentTarget.value) }),
                  )
                }
                error={errors[`dependencies.${i}.prereq_command`]}
              />
              <Textarea
                aria-label="Get prerequisite command"
                placeholder="Command that installs or fetches it"
                autosize
                minRows={1}
                styles={mono}
                value={d.get_prereq_command ?? ''}
                onChange={(e) =>
                  set(
                    'dependencies',
                    patchItem(deps, i, { get_prereq_command: orNull(e.currentTarget.value) }),
                  )
                }
              />
            </Stack>
          </Paper>
        ))}
        <AddButton
          label="Add dependency"
          testId="editor-add-dependency"
          onClick={() =>
            set('dependencies', [
              ...deps,
              { description: '', prereq_command: null, get_prereq_command: null },
            ])
          }
        />
      </Stack>
    </Section>
  );
}
