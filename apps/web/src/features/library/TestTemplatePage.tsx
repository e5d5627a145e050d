import { Anchor, Badge, Button, Card, Code, Grid, Group, Stack, Table, Text } from '@mantine/core';
import type { TestTemplate } from '@metamorph/contract';
import { IconArrowLeft, IconPencil, IconSearchOff, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useTestTemplate } from '../../api/library';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { Chips, Section } from '../attack/AttackBits';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';
import { sortAttackIds, tagTooltip } from './attack-tags';
import { DeleteTemplateDialog } from './DeleteTemplateDialog';
import { AttackTagBadge, FlaggedBadge, LibraryMarkdown } from './LibraryBits';
import { SOURCE_LABELS } from './library-filters';
import { testTemplatePath } from './LibraryTable';
import {
  ArgumentsSection,
  DependenciesSection,
  DetectionsSection,
  ExecutorSection,
  MarkdownSection,
  OutcomesSection,
} from './TestTemplateSections';

export function TestTemplatePage() {
  const id = useParams().id ?? '';
  const template = useTestTemplate(id);
  usePageTitle(template.data?.name ?? 'Test template');
  if (template.isError) {
    const missing =
      template.error instanceof ApiError && [404, 422].includes(template.error.status);
    return (
      <Stack gap="lg" data-testid="template-page">
        <PageHeader eyebrow="Library · Test template" title="Test template" />
        {missing ? (
          <Card>
            <EmptyState
              icon={IconSearchOff}
              title="No such test template"
              testId="template-missing"
            >
              It may have been deleted.{' '}
              <Anchor component={Link} to="/library">
                Back to the library
              </Anchor>
            </EmptyState>
          </Card>
        ) : (
          <ErrorAlert error={template.error} onRetry={() => void template.refetch()} />
        )}
      </Stack>
    );
  }
  if (template.isPending) {
    return (
      <Stack gap="lg" data-testid="template-page">
        <PageHeader eyebrow="Library · Test template" title="Loading…" />
        <Card>
          <LoadingRows rows={6} />
        </Card>
      </Stack>
    );
  }
  return <TemplateView template={template.data} />;
}

function TemplateView({ template }: { template: TestTemplate }) {
  const canWrite = useCan('library.write');
  const [deleting, setDeleting] = useState(false);
  const intro = [template.description, template.objective].filter(Boolean);
  return (
    <Stack gap="lg" data-testid="template-page" data-version={template.version}>
      <Anchor component={Link} to="/library" size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Library
        </Group>
      </Anchor>
      <PageHeader
        eyebrow="Library · Test template"
        title={template.name}
        description={
          <Group gap={8} component="span" mt={2}>
            <Code fz="xs" data-testid="template-key">
              {template.key}
            </Code>
            <Badge variant="default" size="sm" radius="sm" tt="none" data-testid="template-version">
              v{template.version}
            </Badge>
            {template.flagged && <FlaggedBadge />}
          </Group>
        }
        actions={
          canWrite && (
            <>
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDeleting(true)}
                data-testid="template-delete"
              >
                Delete
              </Button>
              <Button
                component={Link}
                to={`${testTemplatePath(template.id)}/edit`}
                leftSection={<IconPencil size={16} />}
                data-testid="template-edit"
              >
                Edit
              </Button>
            </>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {intro.length > 0 && (
              <Card data-testid="template-description">
                <Stack gap="sm">
                  {template.description && <LibraryMarkdown markdown={template.description} />}
                  {template.objective && (
                    <div>
                      <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5}>
                        Objective
                      </Text>
                      <LibraryMarkdown markdown={template.objective} />
                    </div>
                  )}
                </Stack>
              </Card>
            )}
            <MarkdownSection
              title="Procedure"
              markdown={template.procedure_md}
              testId="template-procedure"
            />
            <ExecutorSection template={template} />
            <ArgumentsSection template={template} />
            <MarkdownSection
              title="Prerequisites"
              markdown={template.prerequisites_md}
              testId="template-prerequisites"
            />
            <DependenciesSection template={template} />
            <MarkdownSection
              title="Expected: red"
              markdown={template.expected_red_md}
              testId="template-expected-red"
            />
            <MarkdownSection
              title="Expected: blue"
              markdown={template.expected_blue_md}
              testId="template-expected-blue"
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <AttackSection template={template} />
            <FactsCard template={template} />
            <OutcomesSection template={template} />
            <DetectionsSection template={template} />
            {template.expected_iocs.length > 0 && (
              <Section title="Expected IOCs" count={template.expected_iocs.length}>
                <Stack gap={4}>
                  {template.expected_iocs.map((ioc) => (
                    <Code key={ioc} fz="xs" block style={{ wordBreak: 'break-all' }}>
                      {ioc}
                    </Code>
                  ))}
                </Stack>
              </Section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <DeleteTemplateDialog
        template={deleting ? template : null}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}

function AttackSection({ template }: { template: TestTemplate }) {
  const byId = new Map(template.attack_tags.map((t) => [t.external_id, t]));
  const tags = sortAttackIds(template.attack_tags.map((t) => t.external_id)).flatMap((id) => {
    const tag = byId.get(id);
    return tag ? [tag] : [];
  });
  return (
    <Section title="ATT&CK" count={tags.length} testId="template-attack">
      {tags.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not tagged yet.
        </Text>
      ) : (
        <Stack gap={6}>
          {tags.map((t) => (
            <Group key={t.external_id} gap={8} wrap="nowrap" align="flex-start">
              <AttackTagBadge tag={t} link />
              <Text size="sm" lh={1.35} c={t.status === 'ok' ? undefined : 'dimmed'}>
                {t.status === 'ok' ? t.name : tagTooltip(t)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function FactsCard({ template }: { template: TestTemplate }) {
  const rows: [string, ReactNode][] = [
    ['Platforms', <Chips key="p" values={template.platforms} />],
    ['Tags', <Chips key="t" values={template.tags} color="purple" />],
    ['OPSEC', template.opsec_level],
    [
      'Source',
      <Stack key="s" gap={2}>
        <Text size="sm">{SOURCE_LABELS[template.source]}</Text>
        {template.source_ref && (
          <Code fz="xs" style={{ wordBreak: 'break-all' }} data-testid="template-source-ref">
            {template.source_ref}
          </Code>
        )}
      </Stack>,
    ],
    ['Updated', formatDateTime(template.updated_at)],
    ['Created', formatDateTime(template.created_at)],
  ];
  return (
    <Card p="md" data-testid="template-facts">
      <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={6}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={96} bg="transparent" style={{ verticalAlign: 'top' }}>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  {label}
                </Text>
              </Table.Th>
              <Table.Td fz="sm">{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
