import { Alert, Anchor, Button, Card, Group, Kbd, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';

export interface EditorSidePanelProps {
  /** Prefix of the data-testids (`editor`, `scenario-editor`). */
  testId: string;
  /** What is edited, for the labels (`template`, `scenario`). */
  noun: string;
  isNew: boolean;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  cancelTo: string;
  /** Shown before "Unsaved changes" (e.g. a test count). */
  summary?: ReactNode;
  onDelete?: () => void;
  /** The version the server has now, after a 409; null otherwise. */
  stale: number | null;
  editedVersion: number | undefined;
  onReload: () => Promise<unknown>;
  /** A failed save other than a conflict. */
  error: unknown;
  fieldErrors: Array<[string, string]>;
  fieldErrorsTestId: string;
}

/** The sticky side of the library editors: save/cancel/delete, conflict and error alerts. */
export function EditorSidePanel(p: EditorSidePanelProps) {
  const [reloading, setReloading] = useState(false);
  return (
    <Stack gap="md" pos="sticky" top={76}>
      <Card p="md" data-testid={`${p.testId}-actions`}>
        <Stack gap="sm">
          <Group gap="sm">
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={p.onSave}
              loading={p.saving}
              disabled={!p.isNew && !p.dirty}
              data-testid={`${p.testId}-save`}
            >
              {p.isNew ? 'Create' : 'Save'}
            </Button>
            <Button variant="default" component={Link} to={p.cancelTo}>
              Cancel
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {p.summary}
            {p.dirty ? 'Unsaved changes' : 'No changes'} · <Kbd size="xs">Ctrl</Kbd>+
            <Kbd size="xs">S</Kbd> saves
          </Text>
          {p.onDelete && (
            <Anchor
              component="button"
              type="button"
              size="xs"
              c="red"
              w="fit-content"
              onClick={p.onDelete}
              data-testid={`${p.testId}-delete`}
            >
              <Group gap={4}>
                <IconTrash size={13} /> Delete this {p.noun}
              </Group>
            </Anchor>
          )}
        </Stack>
      </Card>
      {p.stale !== null && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle size={18} />}
          title="Changed by someone else"
          data-testid={`${p.testId}-conflict`}
        >
          <Stack gap="xs">
            <Text size="sm">
              This {p.noun} is now at version {p.stale}; you edited version {p.editedVersion}.
              Reload to get the latest version. Your changes here will be lost: copy what you need
              first.
            </Text>
            <Button
              size="compact-sm"
              color="yellow"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              loading={reloading}
              onClick={() => {
                setReloading(true);
                void p.onReload().finally(() => setReloading(false));
              }}
              w="fit-content"
              data-testid={`${p.testId}-reload`}
            >
              Reload
            </Button>
          </Stack>
        </Alert>
      )}
      {p.error != null && p.stale === null && <ErrorAlert error={p.error} />}
      {p.fieldErrors.length > 0 && p.error == null && (
        <Alert color="red" title="Fix these fields" data-testid={p.fieldErrorsTestId}>
          <List size="xs" spacing={2}>
            {p.fieldErrors.map(([path, message]) => (
              <List.Item key={path}>
                <Text span ff="monospace" fz="xs">
                  {path}
                </Text>
                : {message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
