import {
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Stack,
  Table,
  Text,
  ThemeIcon,
} from '@mantine/core';
import type { ScenarioTemplate } from '@metamorph/contract';
import {
  IconArrowLeft,
  IconListNumbers,
  IconPencil,
  IconSearchOff,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/errors';
import { useScenarioTemplate } from '../../../api/library-scenarios';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { Chips, Section } from '../../attack/AttackBits';
import { useCan } from '../../auth/current-user';
import { usePageTitle } from '../../shell/usePageTitle';
import { EXECUTOR_LABELS } from '../labels';
import classes from '../Library.module.css';
import { AttackTagBadges, FlaggedBadge, LibraryMarkdown } from '../LibraryBits';
import { testTemplatePath } from '../LibraryTable';
import { DeleteScenarioDialog } from './DeleteScenarioDialog';
import { scenarioPath } from './scenario-form';

/** `/library/scenarios/:id`: the scenario's tests in order, with their ATT&CK tags. */
export function ScenarioPage() {
  const id = useParams().id ?? '';
  const scenario = useScenarioTemplate(id);
  usePageTitle(scenario.data?.name ?? 'Scenario');
  if (scenario.isError) {
    const missing =
      scenario.error instanceof ApiError && [404, 422].includes(scenario.error.status);
    return (
      <Stack gap="lg" data-testid="scenario-page">
        <PageHeader eyebrow="Library · Scenario" title="Scenario" />
        {missing ? (
          <Card>
            <EmptyState icon={IconSearchOff} title="No such scenario" testId="scenario-missing">
              It may have been deleted.{' '}
              <Anchor component={Link} to="/library/scenarios">
                Back to the scenarios
              </Anchor>
            </EmptyState>
          </Card>
        ) : (
          <ErrorAlert error={scenario.error} onRetry={() => void scenario.refetch()} />
        )}
      </Stack>
    );
  }
  if (scenario.isPending) {
    return (
      <Stack gap="lg" data-testid="scenario-page">
        <PageHeader eyebrow="Library · Scenario" title="Loading…" />
        <Card>
          <LoadingRows rows={5} />
        </Card>
      </Stack>
    );
  }
  return <ScenarioView scenario={scenario.data} />;
}

function ScenarioView({ scenario }: { scenario: ScenarioTemplate }) {
  const canWrite = useCan('library.write');
  const [deleting, setDeleting] = useState(false);
  const flagged = scenario.tests.filter((t) => t.flagged).length;
  return (
    <Stack gap="lg" data-testid="scenario-page" data-version={scenario.version}>
      <Anchor component={Link} to="/library/scenarios" size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Scenarios
        </Group>
      </Anchor>
      <PageHeader
        eyebrow="Library · Scenario"
        title={scenario.name}
        description={
          <Group gap={8} component="span" mt={2}>
            <Code fz="xs" data-testid="scenario-key">
              {scenario.key}
            </Code>
            <Badge variant="default" size="sm" radius="sm" tt="none" data-testid="scenario-version">
              v{scenario.version}
            </Badge>
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
                data-testid="scenario-delete"
              >
                Delete
              </Button>
              <Button
                component={Link}
                to={`${scenarioPath(scenario.id)}/edit`}
                leftSection={<IconPencil size={16} />}
                data-testid="scenario-edit"
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
            {scenario.description && (
              <Card data-testid="scenario-description">
                <LibraryMarkdown markdown={scenario.description} />
              </Card>
            )}
            <Section title="Tests, in order" count={scenario.tests.length} testId="scenario-tests">
              {scenario.tests.length === 0 ? (
                <EmptyState icon={IconListNumbers} title="No test yet">
                  {canWrite ? 'Edit the scenario to add test templates.' : undefined}
                </EmptyState>
              ) : (
                <ScenarioTestTable scenario={scenario} />
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card p="md" data-testid="scenario-facts">
            <FactsTable
              rows={[
                ['Tests', String(scenario.tests.length)],
                [
                  'Review',
                  flagged > 0 ? (
                    <Text size="sm" c="yellow.8" key="f">
                      {flagged} test{flagged === 1 ? '' : 's'} with tags to review
                    </Text>
                  ) : (
                    'Nothing to review'
                  ),
                ],
                ['Tags', <Chips key="t" values={scenario.tags} color="purple" />],
                ['Updated', formatDateTime(scenario.updated_at)],
                ['Created', formatDateTime(scenario.created_at)],
              ]}
            />
          </Card>
        </Grid.Col>
      </Grid>
      <DeleteScenarioDialog
        scenario={deleting ? scenario : null}
        onClose={() => setDeleting(false)}
      />
    </Stack>
  );
}

function ScenarioTestTable({ scenario }: { scenario: ScenarioTemplate }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={8} data-testid="scenario-test-table">
        <Table.Tbody>
          {scenario.tests.map((t, i) => (
            <Table.Tr
              key={t.id}
              className={classes.row}
              data-flagged={t.flagged || undefined}
              data-testid="scenario-test"
              data-name={t.name}
            >
              <Table.Td w={44} style={{ verticalAlign: 'top' }}>
                <ThemeIcon size={26} radius="xl" variant="light" color="purple">
                  <Text size="xs" fw={700}>
                    {i + 1}
                  </Text>
                </ThemeIcon>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Anchor
                    component={Link}
                    to={testTemplatePath(t.id)}
                    size="sm"
                    className={classes.nameLink}
                  >
                    {t.name}
                  </Anchor>
                  <Group gap={6}>
                    {t.flagged && <FlaggedBadge />}
                    <Text size="xs" c="dimmed">
                      {[t.platforms.join(', '), t.executor_name && EXECUTOR_LABELS[t.executor_name]]
                        .filter(Boolean)
                        .join(' · ') || 'No platform or executor yet'}
                    </Text>
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td w={200} style={{ verticalAlign: 'top' }}>
                <AttackTagBadges tags={t.attack_tags} max={4} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FactsTable({ rows }: { rows: [string, ReactNode][] }) {
  return (
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
  );
}
