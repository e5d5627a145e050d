import { QueryState } from '../../../components/QueryState';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Settings, type UpdateSettingsRequest } from '@metamorph/contract';
import { IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useSettings, useUpdateSettings } from '../../../api/settings';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { DettectScoresCard } from './DettectScoresCard';
import { RedactionPatternsCard } from './RedactionPatternsCard';
import { SettingField, type SettingValue as Value } from './SettingField';
import { SETTINGS_META, settingSections, validateSetting, type SettingKey } from './settings-meta';

type Draft = Record<SettingKey, Value>;
const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);
/** The values this form edits (redaction patterns and DeTT&CT scores have their own editors). */
const formValues = (s: Settings): Draft => {
  const {
    'reports.redaction_patterns': _patterns,
    'dettect.detection_scores': _scores,
    ...rest
  } = s;
  return rest;
};

export function SettingsPage() {
  usePageTitle('Settings');
  const settings = useSettings();
  return (
    <Stack gap="xl" data-testid="settings-page">
      <PageHeader
        eyebrow="Administration"
        title="Settings"
        description="Product policy for this instance. Every change is recorded in the audit log with its before and after values."
      />
      <QueryState query={settings} rows={6} card>
        {(saved) => (
          <>
            <SettingsForm saved={saved} />
            <RedactionPatternsCard saved={saved['reports.redaction_patterns']} />
            <DettectScoresCard saved={saved['dettect.detection_scores']} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const update = useUpdateSettings();
  const [draft, setDraft] = useState<Draft>(() => formValues(saved));
  useEffect(() => setDraft(formValues(saved)), [saved]);

  const keys = Object.keys(SETTINGS_META) as SettingKey[];
  const errors = Object.fromEntries(keys.map((k) => [k, validateSetting(k, draft[k])]));
  const changed = keys.filter((k) => !same(draft[k], saved[k]));
  const valid = keys.every((k) => errors[k] === null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || changed.length === 0) return;
    const body = Object.fromEntries(changed.map((k) => [k, draft[k]])) as UpdateSettingsRequest;
    update.mutate(body, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Settings saved',
          message: `${changed.length} setting${changed.length === 1 ? '' : 's'} changed.`,
        }),
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="settings-form">
      <Stack gap="lg">
        {update.isError && <ErrorAlert error={update.error} title="The settings were not saved" />}
        {settingSections().map(({ section, keys: sectionKeys }) => (
          <Card key={section}>
            <Title order={2} fz="md" mb="md">
              {section}
            </Title>
            <Stack gap="lg">
              {sectionKeys.map((key) => (
                <SettingField
                  key={key}
                  settingKey={key}
                  value={draft[key]}
                  error={errors[key] ?? null}
                  changed={!same(draft[key], saved[key])}
                  onChange={(value) => setDraft((d) => ({ ...d, [key]: value }))}
                />
              ))}
            </Stack>
          </Card>
        ))}
        <Group
          justify="space-between"
          p="md"
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 2,
            background: 'var(--mantine-color-body)',
            borderTop: '1px solid var(--mantine-color-default-border)',
          }}
        >
          <Text size="sm" c="dimmed" data-testid="settings-dirty">
            {changed.length === 0
              ? 'No unsaved changes'
              : `${changed.length} unsaved change${changed.length === 1 ? '' : 's'}`}
          </Text>
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconRestore size={16} />}
              disabled={changed.length === 0}
              onClick={() => setDraft(formValues(saved))}
            >
              Discard
            </Button>
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={16} />}
              disabled={!valid || changed.length === 0}
              loading={update.isPending}
              data-testid="settings-save"
            >
              Save changes
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
