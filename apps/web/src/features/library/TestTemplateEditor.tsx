import { EditorRoute } from '../../components/EditorRoute';
import { conflictVersion } from '../../api/errors';
import { Grid, Stack, Text } from '@mantine/core';
import { useHotkeys, useWindowEvent } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TestTemplate } from '@metamorph/contract';
import { useRef, useState } from 'react';
import { useBlocker, useNavigate, useParams } from 'react-router';
import {
  useCreateTestTemplate,
  useLibraryTests,
  useTestTemplate,
  useUpdateTestTemplate,
} from '../../api/library';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EditorSidePanel } from './EditorSidePanel';
import { PageHeader } from '../../components/PageHeader';
import { usePageTitle } from '../shell/usePageTitle';
import { DeleteTemplateDialog } from './DeleteTemplateDialog';
import { OutcomesEditor, DetectionsEditor } from './EditorDetection';
import { DependenciesEditor } from './EditorDependencies';
import { ArgumentsEditor, ExecutorSection } from './EditorExecution';
import { GeneralSection, ProcedureSection } from './EditorGeneral';
import { testTemplatePath } from './LibraryTable';
import {
  apiFieldErrors,
  emptyForm,
  formOf,
  isDirty,
  validateForm,
  type FieldErrors,
  type TemplateForm,
} from './template-form';

/** `/library/tests/new` and `/library/tests/:id/edit`. */
export function TestTemplateEditor() {
  const id = useParams().id;
  const template = useTestTemplate(id);
  usePageTitle(id ? `Edit ${template.data?.name ?? 'test template'}` : 'New test template');
  return (
    <EditorRoute id={id} query={template} rows={8}>
      {(doc, reload) => <EditorForm template={doc} onReload={reload} />}
    </EditorRoute>
  );
}

interface EditorFormProps {
  template: TestTemplate | null;
  onReload?: () => Promise<void>;
}

function EditorForm({ template, onReload }: EditorFormProps) {
  const navigate = useNavigate();
  const [base] = useState<TemplateForm>(() => (template ? formOf(template) : emptyForm()));
  const [form, setForm] = useState<TemplateForm>(base);
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [deleting, setDeleting] = useState(false);
  const create = useCreateTestTemplate();
  const update = useUpdateTestTemplate();
  const mutation = template ? update : create;
  const saved = useRef(false);
  const suggestions = useLibraryTests({}).data?.pages[0]?.facets.tags.map((t) => t.value) ?? [];
  const dirty = isDirty(form, base) || key !== '';
  const stale = conflictVersion(update.error);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useWindowEvent('beforeunload', (e) => {
    if (dirty && !saved.current) e.preventDefault();
  });

  const set = <K extends keyof TemplateForm>(k: K, v: TemplateForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const save = () => {
    if (mutation.isPending) return;
    const local = validateForm(form, template ? undefined : key.trim() || undefined);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      mutation.reset();
      return;
    }
    const done = (t: TestTemplate) => {
      saved.current = true;
      notifications.show({ color: 'teal', message: `Saved “${t.name}” (version ${t.version})` });
      void navigate(testTemplatePath(t.id));
    };
    const fail = (error: unknown) => setErrors(apiFieldErrors(error));
    if (template) {
      update.mutate(
        { id: template.id, body: { ...form, version: template.version } },
        { onSuccess: done, onError: fail },
      );
    } else {
      create.mutate(
        { ...form, ...(key.trim() ? { key: key.trim() } : {}) },
        { onSuccess: done, onError: fail },
      );
    }
  };
  useHotkeys([['mod+S', save]], []);

  const sectionProps = { form, set, errors };
  const errorList = Object.entries(errors);
  const cancelTo = template ? testTemplatePath(template.id) : '/library';

  return (
    <Stack gap="lg" data-testid="template-editor" data-version={template?.version}>
      <PageHeader
        eyebrow={template ? `Library · Edit test template · v${template.version}` : 'Library'}
        title={template ? template.name : 'New test template'}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <GeneralSection
              {...sectionProps}
              keyField={template ? undefined : { value: key, onChange: setKey }}
              knownTags={template?.attack_tags ?? []}
              tagSuggestions={suggestions}
            />
            <ProcedureSection {...sectionProps} />
            <ExecutorSection {...sectionProps} />
            <ArgumentsEditor {...sectionProps} />
            <DependenciesEditor {...sectionProps} />
            <OutcomesEditor {...sectionProps} />
            <DetectionsEditor {...sectionProps} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <EditorSidePanel
            testId="editor"
            noun="template"
            isNew={template === null}
            dirty={dirty}
            saving={mutation.isPending}
            onSave={save}
            cancelTo={cancelTo}
            onDelete={template ? () => setDeleting(true) : undefined}
            stale={stale}
            editedVersion={template?.version}
            onReload={async () => {
              saved.current = true;
              await onReload?.();
            }}
            error={mutation.isError ? mutation.error : null}
            fieldErrors={errorList}
            fieldErrorsTestId="editor-field-errors"
          />
        </Grid.Col>
      </Grid>
      <DeleteTemplateDialog
        template={deleting ? template : null}
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
        <Text size="sm">This template has unsaved changes. Leave the editor anyway?</Text>
      </ConfirmDialog>
    </Stack>
  );
}
