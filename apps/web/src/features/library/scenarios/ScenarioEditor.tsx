import { EditorRoute } from '../../../components/EditorRoute';
import { conflictVersion } from '../../../api/errors';
import { Grid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useHotkeys, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { ScenarioTemplate } from '@metamorph/contract';
import { useRef, useState } from 'react';
import { useBlocker, useNavigate, useParams } from 'react-router';
import {
  useCreateScenario,
  useLibraryScenarios,
  useScenarioTemplate,
  useUpdateScenario,
} from '../../../api/library-scenarios';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EditorSidePanel } from '../EditorSidePanel';
import { PageHeader } from '../../../components/PageHeader';
import { Section } from '../../attack/AttackBits';
import { usePageTitle } from '../../shell/usePageTitle';
import { MarkdownField } from '../MarkdownField';
import { apiFieldErrors, type FieldErrors } from '../template-form';
import { DeleteScenarioDialog } from './DeleteScenarioDialog';
import {
  addTest,
  emptyScenarioForm,
  isScenarioDirty,
  scenarioBody,
  scenarioFormOf,
  scenarioPath,
  validateScenario,
  type ScenarioForm,
} from './scenario-form';
import { SortableTestList, TestPicker } from './ScenarioTestList';

/** `/library/scenarios/new` and `/library/scenarios/:id/edit`. */
export function ScenarioEditor() {
  const id = useParams().id;
  const scenario = useScenarioTemplate(id);
  usePageTitle(id ? `Edit ${scenario.data?.name ?? 'scenario'}` : 'New scenario');
  return (
    <EditorRoute id={id} query={scenario}>
      {(doc, reload) => <EditorForm scenario={doc} onReload={reload} />}
    </EditorRoute>
  );
}

interface EditorFormProps {
  scenario: ScenarioTemplate | null;
  onReload?: () => Promise<void>;
}

function EditorForm({ scenario, onReload }: EditorFormProps) {
  const navigate = useNavigate();
  const [base] = useState<ScenarioForm>(() =>
    scenario ? scenarioFormOf(scenario) : emptyScenarioForm(),
  );
  const [form, setForm] = useState<ScenarioForm>(base);
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [deleting, setDeleting] = useState(false);
  const create = useCreateScenario();
  const update = useUpdateScenario();
  const mutation = scenario ? update : create;
  const saved = useRef(false);
  const known = useLibraryScenarios({}).data;
  const suggestions = [
    ...new Set(known?.pages.flatMap((p) => p.items.flatMap((s) => s.tags)) ?? []),
  ];
  const dirty = isScenarioDirty(form, base) || key !== '';
  const stale = conflictVersion(update.error);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useWindowEvent('beforeunload', (e) => {
    if (dirty && !saved.current) e.preventDefault();
  });

  const set = <K extends keyof ScenarioForm>(k: K, v: ScenarioForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const save = () => {
    if (mutation.isPending) return;
    const local = validateScenario(form, scenario ? undefined : key.trim() || undefined);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      mutation.reset();
      return;
    }
    const done = (s: ScenarioTemplate) => {
      saved.current = true;
      notifications.show({ color: 'teal', message: `Saved “${s.name}” (version ${s.version})` });
      void navigate(scenarioPath(s.id));
    };
    const fail = (error: unknown) => setErrors(apiFieldErrors(error));
    const body = scenarioBody(form);
    if (scenario) {
      update.mutate(
        { id: scenario.id, body: { ...body, version: scenario.version } },
        { onSuccess: done, onError: fail },
      );
    } else {
      create.mutate(
        { ...body, ...(key.trim() ? { key: key.trim() } : {}) },
        { onSuccess: done, onError: fail },
      );
    }
  };
  useHotkeys([['mod+S', save]], []);

  const errorList = Object.entries(errors);
  const cancelTo = scenario ? scenarioPath(scenario.id) : '/library/scenarios';

  return (
    <Stack gap="lg" data-testid="scenario-editor" data-version={scenario?.version}>
      <PageHeader
        eyebrow={scenario ? `Library · Edit scenario · v${scenario.version}` : 'Library'}
        title={scenario ? scenario.name : 'New scenario'}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <Section title="General" testId="scenario-editor-general">
              <Stack gap="md">
                <Grid gap="md">
                  <Grid.Col span={{ base: 12, sm: scenario ? 12 : 8 }}>
                    <TextInput
                      label="Name"
                      required
                      data-autofocus
                      value={form.name}
                      onChange={(e) => set('name', e.currentTarget.value)}
                      error={errors.name}
                      data-testid="scenario-editor-name"
                    />
                  </Grid.Col>
                  {!scenario && (
                    <Grid.Col span={{ base: 12, sm: 4 }}>
                      <TextInput
                        label="Key"
                        placeholder="auto, from the name"
                        value={key}
                        onChange={(e) => setKey(e.currentTarget.value)}
                        error={errors.key}
                        styles={{
                          input: { fontFamily: 'var(--mantine-font-family-monospace)' },
                        }}
                        data-testid="scenario-editor-key"
                      />
                    </Grid.Col>
                  )}
                </Grid>
                <MarkdownField
                  label="Description"
                  description="The story the scenario tells, its scope, what to prepare."
                  value={form.description}
                  onChange={(v) => set('description', v)}
                  error={errors.description}
                  minRows={3}
                  testId="scenario-editor-description"
                />
                <TagsInput
                  label="Tags"
                  placeholder="Add a tag, Enter"
                  data={suggestions}
                  value={form.tags}
                  onChange={(v) => set('tags', v)}
                  error={errors.tags}
                  clearable
                  data-testid="scenario-editor-tags"
                />
              </Stack>
            </Section>
            <Section
              title="Tests, in order"
              count={form.tests.length}
              testId="scenario-editor-order"
            >
              <Stack gap="xs">
                <Text size="xs" c="dimmed">
                  Drag a test by its handle, or focus the handle and press Space, the arrow keys,
                  then Space. The arrow buttons move a test one step.
                </Text>
                <SortableTestList tests={form.tests} onChange={(tests) => set('tests', tests)} />
                {errors.test_ids && (
                  <Text size="sm" c="red">
                    {errors.test_ids}
                  </Text>
                )}
              </Stack>
            </Section>
            <Section title="Add tests" testId="scenario-editor-picker">
              <TestPicker
                selected={form.tests}
                onAdd={(t) => set('tests', addTest(form.tests, t))}
              />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <EditorSidePanel
            testId="scenario-editor"
            noun="scenario"
            isNew={scenario === null}
            dirty={dirty}
            saving={mutation.isPending}
            onSave={save}
            cancelTo={cancelTo}
            summary={`${form.tests.length} test${form.tests.length === 1 ? '' : 's'} · `}
            onDelete={scenario ? () => setDeleting(true) : undefined}
            stale={stale}
            editedVersion={scenario?.version}
            onReload={async () => {
              saved.current = true;
              await onReload?.();
            }}
            error={mutation.isError ? mutation.error : null}
            fieldErrors={errorList}
            fieldErrorsTestId="scenario-editor-errors"
          />
        </Grid.Col>
      </Grid>
      <DeleteScenarioDialog
        scenario={deleting ? scenario : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          saved.current = true;
        }}
      />
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title="Discard your changes?"
        confirmLabel="Discard"
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        <Text size="sm">This scenario has unsaved changes. Leave the editor anyway?</Text>
      </ConfirmDialog>
    </Stack>
  );
}
