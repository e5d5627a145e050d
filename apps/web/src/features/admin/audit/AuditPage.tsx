import { QueryFallback } from '../../../components/QueryState';
import { Alert, Button, Card, Code, Group, Stack, Text } from '@mantine/core';
import { IconHistory, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useAuditLog, useVerifyAudit, type AuditFilters as Filters } from '../../../api/audit';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';

const FILTER_KEYS = ['action', 'actor', 'target_type', 'target_id', 'from', 'to'] as const;

/** The audit log: filters live in the URL so a filtered view can be shared. */
export function AuditPage() {
  usePageTitle('Audit log');
  const [params, setParams] = useSearchParams();
  const filters = useMemo<Filters>(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined])),
    [params],
  );
  const apply = (next: Filters) => {
    const search = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = next[key];
      if (value) search.set(key, value);
    }
    setParams(search);
  };

  const log = useAuditLog(filters);
  const verify = useVerifyAudit();
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <Stack gap="xl" data-testid="audit-page">
      <PageHeader
        eyebrow="Administration"
        title="Audit log"
        description="Every change and every sign-in attempt, newest first. Events are hash-chained: verifying the chain proves none was altered or removed."
        actions={<VerifyButton verify={verify} />}
      />
      <VerifyResult verify={verify} />
      <Card>
        <AuditFilters value={filters} onApply={apply} />
      </Card>
      <Card p={0}>
        {log.data === undefined ? (
          <QueryFallback query={log} rows={6} padded />
        ) : events.length === 0 ? (
          <EmptyState icon={IconHistory} title="No events" testId="audit-empty">
            {filtered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}
          </EmptyState>
        ) : (
          <>
            <AuditTable events={events} onActor={(actor) => apply({ ...filters, actor })} />
            <Group justify="space-between" p="md">
              <Text size="sm" c="dimmed" data-testid="audit-count">
                {events.length} event{events.length === 1 ? '' : 's'} shown
                {log.hasNextPage ? '' : ' · end of log'}
              </Text>
              {log.hasNextPage && (
                <Button
                  variant="default"
                  onClick={() => void log.fetchNextPage()}
                  loading={log.isFetchingNextPage}
                  data-testid="audit-load-more"
                >
                  Load more
                </Button>
              )}
            </Group>
          </>
        )}
      </Card>
    </Stack>
  );
}

type Verify = ReturnType<typeof useVerifyAudit>;

function VerifyButton({ verify }: { verify: Verify }) {
  return (
    <Button
      variant="light"
      leftSection={<IconShieldCheck size={16} />}
      loading={verify.isPending}
      onClick={() => verify.mutate()}
      data-testid="audit-verify"
    >
      Verify chain
    </Button>
  );
}

function VerifyResult({ verify }: { verify: Verify }) {
  if (verify.isError) return <ErrorAlert error={verify.error} title="Verification failed to run" />;
  if (!verify.data) return null;
  const { ok, checked, broken_at_seq, reason, head_seq, head_hash } = verify.data;
  return (
    <Alert
      color={ok ? 'teal' : 'red'}
      variant="light"
      icon={ok ? <IconShieldCheck size={20} /> : <IconShieldX size={20} />}
      title={ok ? 'The audit chain is intact' : 'The audit chain is BROKEN'}
      data-testid="audit-verify-result"
      data-ok={ok}
      withCloseButton
      onClose={() => verify.reset()}
    >
      {ok
        ? `All ${checked} events were checked: every hash matches its content and its predecessor.`
        : `Event ${broken_at_seq ?? '?'} does not match${reason ? ` (${reason})` : ''}. ${checked} events were checked. Treat this instance as tampered with and investigate.`}
      {ok && head_seq !== null && (
        <Text size="xs" c="dimmed" mt="xs" data-testid="audit-head">
          Head {head_seq}:<Code>{head_hash}</Code> — record it elsewhere; verifying later with{' '}
          <Code>?anchor=</Code> or <Code>metamorph audit verify --anchor</Code> proves no newer
          events were cut off.
        </Text>
      )}
    </Alert>
  );
}
