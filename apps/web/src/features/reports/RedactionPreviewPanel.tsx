import { Badge, Card, Group, ScrollArea, Stack, Text } from '@mantine/core';
import {
  FINDING_REDACTION_FIELD_LABELS,
  REDACTION_FIELD_LABELS,
  type ReportOptions,
} from '@metamorph/contract';
import { IconShieldLock } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useRedactionPreview } from '../../api/reports';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';

/** What redaction will mask, before anything is written (the secrets never reach the page). */
export function RedactionPreviewPanel(props: { missionId: string; options: ReportOptions }) {
  const [options] = useDebouncedValue(props.options, 300);
  const preview = useRedactionPreview(props.missionId, options, true);
  return (
    <Card withBorder p="sm" data-testid="redaction-preview">
      <Group gap={6} mb={6}>
        <IconShieldLock size={16} aria-hidden />
        <Text size="sm" fw={600}>
          Redaction preview
        </Text>
        {preview.data && (
          <Badge size="sm" variant="light" color={preview.data.total ? 'orange' : 'teal'}>
            {preview.data.total === 0
              ? 'nothing to mask'
              : `${preview.data.total} ${preview.data.total === 1 ? 'secret' : 'secrets'} masked`}
          </Badge>
        )}
      </Group>
      {preview.isError ? (
        <ErrorAlert error={preview.error} title="No preview" />
      ) : preview.isPending ? (
        <LoadingRows rows={2} />
      ) : preview.data.total === 0 ? (
        <Text size="xs" className="mm-muted">
          No password, hash, ticket, key or token was found in the tests this report includes.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={200} type="auto">
          <Stack gap={6}>
            {preview.data.hits.map((h, i) => (
              <div key={`${h.test_id}-${h.field}-${i}`} data-testid="redaction-hit">
                <Text size="xs" fw={600}>
                  {h.test_name} · {REDACTION_FIELD_LABELS[h.field]} ·{' '}
                  <Text span size="xs" className="mm-muted">
                    {h.pattern}
                  </Text>
                </Text>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {h.excerpt}
                </Text>
              </div>
            ))}
            {preview.data.finding_hits.map((h, i) => (
              <div key={`${h.finding_id}-${h.field}-${i}`} data-testid="redaction-hit">
                <Text size="xs" fw={600}>
                  F-{h.finding_number} {h.finding_title} · {FINDING_REDACTION_FIELD_LABELS[h.field]}{' '}
                  ·{' '}
                  <Text span size="xs" className="mm-muted">
                    {h.pattern}
                  </Text>
                </Text>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {h.excerpt}
                </Text>
              </div>
            ))}
            {preview.data.executive_summary_hits.map((h, i) => (
              <div key={`summary-${i}`} data-testid="redaction-hit">
                <Text size="xs" fw={600}>
                  Executive summary ·{' '}
                  <Text span size="xs" className="mm-muted">
                    {h.pattern}
                  </Text>
                </Text>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {h.excerpt}
                </Text>
              </div>
            ))}
            {preview.data.truncated && (
              <Text size="xs" className="mm-muted">
                … and more ({preview.data.total} in all).
              </Text>
            )}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
