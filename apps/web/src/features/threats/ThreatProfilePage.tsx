import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useDetectionLevels } from '../../api/execution';
import { threatDownloads, useNextTests, useThreatCoverage } from '../../api/threats';
import { DownloadMenu } from '../../components/DownloadMenu';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';
import { ClaimedVsTestedCard } from './ClaimedVsTestedCard';
import { NextTestsCard } from './NextTestsCard';
import { StatusBadge } from './threat-bits';
import { ThreatHeatmap } from './ThreatHeatmap';
import { ThreatScorePanel } from './ThreatScorePanel';

/** `/clients/:id/threats/:profileId`: score, per tactic, overlay heat map, next tests, exports. */
export function ThreatProfilePage() {
  const { id: clientId = '', profileId = '' } = useParams();
  const coverage = useThreatCoverage(clientId, profileId);
  const next = useNextTests(clientId, profileId);
  const levels = useDetectionLevels();
  const canExport = useCan('report.export');
  const canCreate = useCan('mission.create');
  const canAdmin = useCan('admin.missions');
  const c = coverage.data;
  usePageTitle(c ? `${c.profile.name} — threats` : 'Threat profile');
  const downloads = threatDownloads(clientId, profileId);
  return (
    <Stack gap="lg" data-testid="threat-profile-page">
      <Anchor component={Link} to={`/clients/${clientId}/threats`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Threat profiles{c ? ` of ${c.client.name}` : ''}
        </Group>
      </Anchor>
      <PageHeader
        eyebrow="Threat profile"
        title={c ? c.profile.name : 'Threat profile'}
        description={
          c
            ? `${c.techniques.length} techniques, judged from ${c.missions.length} missions of ${c.client.name}.`
            : undefined
        }
        actions={
          canExport && (
            <DownloadMenu
              testId="threat-export"
              groups={[
                {
                  label: 'ATT&CK Navigator layer',
                  items: [
                    {
                      label: 'Others greyed',
                      href: downloads.layer('grey'),
                      testId: 'threat-layer-grey',
                    },
                    {
                      label: 'Others hidden',
                      href: downloads.layer('hide'),
                      testId: 'threat-layer-hide',
                    },
                  ],
                },
                {
                  label: 'Next tests',
                  items: [
                    { label: 'CSV', href: downloads.nextTests('csv'), testId: 'threat-next-csv' },
                    {
                      label: 'Excel (XLSX)',
                      href: downloads.nextTests('xlsx'),
                      testId: 'threat-next-xlsx',
                    },
                  ],
                },
              ]}
            />
          )
        }
      />
      {coverage.isError && (
        <ErrorAlert error={coverage.error} onRetry={() => void coverage.refetch()} />
      )}
      {coverage.isPending && <LoadingRows rows={6} />}
      {c && (
        <>
          <ThreatScorePanel coverage={c} />
          <Card withBorder p="sm">
            <Title order={2} fz="md" mb="xs">
              Heat map — profile overlay
            </Title>
            <ThreatHeatmap coverage={c} levels={levels.data?.items ?? []} />
          </Card>
        </>
      )}
      {next.isError && <ErrorAlert error={next.error} onRetry={() => void next.refetch()} />}
      {next.data && (
        <NextTestsCard
          clientId={clientId}
          profileId={profileId}
          next={next.data}
          canPlan={canCreate || canAdmin}
        />
      )}
      <ClaimedVsTestedCard
        clientId={clientId}
        profileId={profileId}
        canImport={canCreate || canAdmin}
        canExport={canExport}
      />
      {c && (
        <Card withBorder p={0}>
          <Title order={2} fz="md" p="sm" pb={0}>
            Techniques of the profile
          </Title>
          <Table verticalSpacing={6} data-testid="threat-techniques">
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="sm">Technique</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Deciding level</Table.Th>
                <Table.Th ta="right">Importance</Table.Th>
                <Table.Th pr="sm">Used by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.techniques.map((t) => (
                <Table.Tr
                  key={t.technique_id}
                  data-technique={t.technique_id}
                  data-status={t.status}
                >
                  <Table.Td pl="sm">
                    <Text size="sm" fw={600} span>
                      {t.technique_id}
                    </Text>{' '}
                    <Text size="sm" span>
                      {t.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>{t.level?.label ?? '—'}</Table.Td>
                  <Table.Td ta="right">{t.importance}</Table.Td>
                  <Table.Td pr="sm">
                    <Text size="xs">{t.groups.join(', ') || 'extra technique'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
