import { EditorRoute } from '../../components/EditorRoute';
import { conflictVersion } from '../../api/errors';
import { Alert, Grid, Radio, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Mission, MissionVisibility } from '@metamorph/contract';
import { IconEyeOff } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useBlocker, useNavigate, useParams } from 'react-router';
import { useCreateMission, useMission, useMissions, useUpdateMission } from '../../api/missions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../attack/AttackBits';
import { EditorSidePanel } from '../library/EditorSidePanel';
import { MarkdownField } from '../library/MarkdownField';
import { apiFieldErrors } from '../library/template-form';
import { usePageTitle } from '../shell/usePageTitle';
import { ClientSelect } from './ClientSelect';
import {
  missionBody,
  missionFormOf,
  missionPath,
  validateMission,
  type MissionForm,
} from './mission-model';

/** `/missions/new` and `/missions/:id/edit`. */
export function MissionEditor() {
  const id = useParams().id;
  const mission = useMission(id);
  usePageTitle(id ? `Edit ${mission.data?.name ?? 'mission'}` : 'New mission');
  return (
    <EditorRoute id={id} query={mission}>
      {(doc, reload) => <EditorForm mission={doc} onReload={reload} />}
    </EditorRoute>
  );
}

function EditorForm({
  mission,
  onReload,
}: {
  mission: Mission | null;
  onReload?: () => Promise<void>;
}) {
  const navigate = useNavigate();
  const [base] = useState<MissionForm>(() => missionFormOf(mission));
  const [form, setForm] = useState<MissionForm>(base);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateMission();
  const update = useUpdateMission();
  const mutation = mission ? update : create;
  const saved = useRef(false);
  const known = useMissions({}).data;
  const suggestions = [
    ...new Set(known?.pages.flatMap((p) => p.items.flatMap((m) => m.tags)) ?? []),
  ];
  const dirty = JSON.stringify(form) !== JSON.stringify(base);
  const stale = conflictVersion(update.error);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname,
  );
  const set = <K extends keyof MissionForm>(k: K, v: MissionForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  const save = () => {
    if (mutation.isPending) return;
    const local = validateMission(form);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      mutation.reset();
      return;
    }
    const done = (m: Mission) => {
      saved.current = true;
      notifications.show({ color: 'teal', message: `Saved “${m.name}”` });
      // A new mission has nothing to show on its dashboard yet: the next step is its plan.
      void navigate(mission ? missionPath(m.id) : `${missionPath(m.id)}?tab=plan`);
    };
    const fail = (error: unknown) => setErrors(apiFieldErrors(error));
    const body = missionBody(form);
    if (mission) {
      update.mutate(
        { id: mission.id, body: { ...body, version: mission.version } },
        { onSuccess: done, onError: fail },
      );
    } else {
      create.mutate(body, { onSuccess: done, onError: fail });
    }
  };
  useHotkeys([['mod+S', save]], []);

  return (
    <Stack gap="lg" data-testid="mission-editor">
      <PageHeader
        eyebrow={mission ? `Missions · ${mission.client.name} · Edit` : 'Missions'}
        title={mission ? mission.name : 'New mission'}
        description={mission ? undefined : 'You become the lead of the missions you create.'}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <Section title="General" testId="mission-editor-general">
              <Stack gap="md">
                <ClientSelect
                  value={form.client_id}
                  onChange={(v) => set('client_id', v)}
                  error={errors.client_id}
                />
                <TextInput
                  label="Name"
                  required
                  value={form.name}
                  onChange={(e) => set('name', e.currentTarget.value)}
                  error={errors.name}
                  data-testid="mission-editor-name"
                />
                <Grid gap="md">
                  {(['start_date', 'end_date'] as const).map((k) => (
                    <Grid.Col key={k} span={{ base: 12, xs: 6 }}>
                      <TextInput
                        type="date"
                        label={k === 'start_date' ? 'Start' : 'End'}
                        value={form[k] ?? ''}
                        onChange={(e) => set(k, e.currentTarget.value || null)}
                        error={errors[k]}
                        data-testid={`mission-editor-${k}`}
                      />
                    </Grid.Col>
                  ))}
                </Grid>
                <TagsInput
                  label="Tags"
                  placeholder="Add a tag, Enter"
                  data={suggestions}
                  value={form.tags}
                  onChange={(v) => set('tags', v)}
                  error={errors.tags}
                  clearable
                  data-testid="mission-editor-tags"
                />
                <Radio.Group
                  label="Visibility"
                  value={form.visibility}
                  onChange={(v) => set('visibility', v as MissionVisibility)}
                  data-testid="mission-editor-visibility"
                >
                  <Stack gap="xs" mt={6}>
                    <Radio
                      value="open"
                      label="Open"
                      description="Blue sees the whole plan: tests are announced, blue watches for them."
                    />
                    <Radio
                      value="blind"
                      label="Blind"
                      description="Blue does not see the tests until a lead reveals them: a realistic test of detection."
                      data-testid="mission-editor-blind"
                    />
                  </Stack>
                </Radio.Group>
                {form.visibility === 'blind' && (
                  <Alert color="dark" variant="light" icon={<IconEyeOff size={18} />}>
                    <Text size="sm">
                      Blue members see no test of the plan until it is revealed; red and leads see
                      everything. Results are reviewed by blue after the reveal.
                    </Text>
                  </Alert>
                )}
              </Stack>
            </Section>
            <Section title="Description and environment" testId="mission-editor-texts">
              <Stack gap="md">
                <MarkdownField
                  label="Description"
                  description="Goals, scope, rules of engagement."
                  value={form.description_md}
                  onChange={(v) => set('description_md', v)}
                  error={errors.description_md}
                  minRows={4}
                  testId="mission-editor-description"
                />
                <MarkdownField
                  label="Environment"
                  description="Networks, hosts, accounts and tools in play; what is off limits."
                  value={form.environment_md}
                  onChange={(v) => set('environment_md', v)}
                  error={errors.environment_md}
                  minRows={4}
                  testId="mission-editor-environment"
                />
              </Stack>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <EditorSidePanel
            testId="mission-editor"
            noun="mission"
            isNew={mission === null}
            dirty={dirty}
            saving={mutation.isPending}
            onSave={save}
            cancelTo={mission ? missionPath(mission.id) : '/missions'}
            stale={stale}
            editedVersion={mission?.version}
            onReload={async () => {
              saved.current = true;
              await onReload?.();
            }}
            error={mutation.isError && Object.keys(errors).length === 0 ? mutation.error : null}
            fieldErrors={Object.entries(errors)}
            fieldErrorsTestId="mission-editor-errors"
          />
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title="Discard your changes?"
        confirmLabel="Discard"
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        <Text size="sm">This mission has unsaved changes. Leave the editor anyway?</Text>
      </ConfirmDialog>
    </Stack>
  );
}
