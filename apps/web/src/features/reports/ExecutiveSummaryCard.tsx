import { QueryFallback } from '../../components/QueryState';
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Mission } from '@metamorph/contract';
import { IconEdit } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useExecutiveSummary, useSaveExecutiveSummary } from '../../api/reports';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { LibraryMarkdown } from '../library/LibraryBits';
import { MarkdownField } from '../library/MarkdownField';

const PLACEHOLDER = `## Overall
What the exercise showed in two or three sentences.

## Strengths
- …

## Priorities
1. …`;

/**
 * The report's executive summary, kept with the mission: leads edit it (saved with the version
 * read, so two leads never overwrite each other silently); everyone else reads it.
 */
export function ExecutiveSummaryCard({ mission }: { mission: Mission }) {
  const summary = useExecutiveSummary(mission.id);
  const save = useSaveExecutiveSummary(mission.id);
  const [draft, setDraft] = useState<string | null>(null);
  const stale = save.error instanceof ApiError && save.error.status === 409;

  if (summary.data === undefined) return <QueryFallback query={summary} rows={3} card />;
  const s = summary.data;
  const editing = draft !== null;
  return (
    <Card p="lg" data-testid="executive-summary">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={2} fz="lg">
              Executive summary
            </Title>
            <Text size="xs" className="mm-muted">
              {s.updated_at
                ? `Last edited ${formatDateTime(s.updated_at)}${s.updated_by ? ` by ${s.updated_by.display_name}` : ''}`
                : 'Opens the report, after the cover.'}
            </Text>
          </div>
          {mission.can_manage && !editing && (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconEdit size={14} />}
              onClick={() => setDraft(s.markdown)}
              data-testid="summary-edit"
            >
              Edit
            </Button>
          )}
        </Group>
        {editing ? (
          <Stack gap="sm">
            <MarkdownField
              label="Executive summary"
              value={draft}
              onChange={(v) => setDraft(v ?? '')}
              minRows={8}
              placeholder={PLACEHOLDER}
              testId="summary-field"
            />
            {stale && (
              <Alert color="orange" title="Someone else saved the summary meanwhile">
                Copy your text, reload the current summary and apply your changes again.
                <Group mt="xs">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      save.reset();
                      void summary.refetch();
                    }}
                  >
                    Reload current summary
                  </Button>
                </Group>
              </Alert>
            )}
            {save.isError && !stale && <ErrorAlert error={save.error} title="Not saved" />}
            <Group justify="flex-end" gap="sm">
              <Button variant="subtle" onClick={() => (setDraft(null), save.reset())}>
                Cancel
              </Button>
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    { markdown: draft, version: s.version },
                    {
                      onSuccess: () => {
                        setDraft(null);
                        notifications.show({ color: 'teal', message: 'Executive summary saved' });
                      },
                    },
                  )
                }
                data-testid="summary-save"
              >
                Save summary
              </Button>
            </Group>
          </Stack>
        ) : s.markdown.trim() ? (
          <LibraryMarkdown markdown={s.markdown} />
        ) : (
          <Text size="sm" className="mm-muted">
            {mission.can_manage
              ? 'No summary yet. Write what the client should read first: the overall result, strengths and priorities.'
              : 'No summary written yet.'}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
