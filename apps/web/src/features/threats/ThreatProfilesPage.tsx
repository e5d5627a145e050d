import { QueryFallback } from '../../components/QueryState';
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ThreatProfile } from '@metamorph/contract';
import { IconFileImport, IconPlus, IconShieldHalf, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClients } from '../../api/clients';
import { describeError } from '../../api/describe-error';
import { useDeleteThreatProfile, useThreatCoverage, useThreatProfiles } from '../../api/threats';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { LoadingRows } from '../../components/LoadingRows';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';
import { CreateProfileDialog } from './CreateProfileDialog';
import { ImportLayerProfileDialog } from './ImportLayerProfileDialog';
import { ScoreInputs, TrendLine, scorePct } from './threat-bits';

/** Sources of a profile, e.g. "G0007, G0016 · S0154 · layer: CTI top 20". */
function sources(p: ThreatProfile): string {
  const parts = [p.group_ids, p.software_ids, p.campaign_ids]
    .filter((ids) => ids.length > 0)
    .map((ids) => ids.join(', '));
  if (p.extra.length)
    parts.push(`${p.extra.length} extra technique${p.extra.length === 1 ? '' : 's'}`);
  if (p.source.startsWith('layer:')) parts.push(`layer “${p.source.slice(6)}”`);
  return parts.join(' · ') || '—';
}

function ProfileRow({
  clientId,
  profile,
  onDelete,
}: {
  clientId: string;
  profile: ThreatProfile;
  onDelete?: () => void;
}) {
  const coverage = useThreatCoverage(clientId, profile.id);
  const c = coverage.data;
  return (
    <Table.Tr data-testid="threat-profile-row" data-name={profile.name}>
      <Table.Td pl="md">
        <Anchor
          component={Link}
          to={`/clients/${clientId}/threats/${profile.id}`}
          fw={600}
          size="sm"
        >
          {profile.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{sources(profile)}</Text>
      </Table.Td>
      <Table.Td ta="right">{profile.techniques.length}</Table.Td>
      <Table.Td>
        {c ? (
          <Stack gap={2}>
            <Text size="sm" fw={700} data-testid="threat-profile-score">
              {scorePct(c.score)}
            </Text>
            <ScoreInputs inputs={c.inputs} />
          </Stack>
        ) : coverage.isError ? (
          <Text size="xs" c="red.8">
            Could not compute
          </Text>
        ) : (
          <LoadingRows rows={1} />
        )}
      </Table.Td>
      <Table.Td>{c && <TrendLine points={c.trend} />}</Table.Td>
      <Table.Td pr="md">
        {onDelete && (
          <Tooltip label="Delete">
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={onDelete}
              aria-label={`Delete ${profile.name}`}
              data-testid="threat-profile-delete"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** `/clients/:id/threats`: a client's threat profiles with their score and trend. */
export function ThreatProfilesPage() {
  const { id: clientId = '' } = useParams();
  const canCreate = useCan('mission.create');
  const canAdmin = useCan('admin.missions');
  const canWrite = canCreate || canAdmin;
  const clients = useClients(canCreate);
  const client = clients.data?.items.find((c) => c.id === clientId);
  usePageTitle(client ? `Threats — ${client.name}` : 'Threat profiles');
  const profiles = useThreatProfiles(clientId);
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  const [deleting, setDeleting] = useState<ThreatProfile | null>(null);
  const remove = useDeleteThreatProfile(clientId);
  const items = profiles.data?.items ?? [];
  return (
    <Stack gap="lg" data-testid="threat-profiles-page">
      <PageHeader
        eyebrow="Threat-informed coverage"
        title={client ? `Threat profiles — ${client.name}` : 'Threat profiles'}
        description="The ATT&CK groups, software and campaigns that target this client, and how much of what they use its missions proved detected. The score weighs each technique by how many profile entries use it."
        actions={
          canWrite && (
            <>
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} />}
                onClick={() => setDialog('import')}
                data-testid="threat-import-layer"
              >
                Import a Navigator layer
              </Button>
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setDialog('create')}
                data-testid="threat-new-profile"
              >
                New profile
              </Button>
            </>
          )
        }
      />
      <Card p={0}>
        {profiles.data === undefined ? (
          <QueryFallback query={profiles} rows={3} padded />
        ) : items.length === 0 ? (
          <EmptyState
            icon={IconShieldHalf}
            title="No threat profile yet"
            testId="threat-profiles-empty"
          >
            Build one from the groups that target this client, or import your CTI team’s layer.
          </EmptyState>
        ) : (
          <Table verticalSpacing={8} data-testid="threat-profiles-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="md">Profile</Table.Th>
                <Table.Th>Sources</Table.Th>
                <Table.Th ta="right">Techniques</Table.Th>
                <Table.Th>Threat coverage score</Table.Th>
                <Table.Th>Trend per mission date</Table.Th>
                <Table.Th pr="md" w={60}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <ProfileRow
                  key={p.id}
                  clientId={clientId}
                  profile={p}
                  onDelete={canWrite ? () => setDeleting(p) : undefined}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <CreateProfileDialog
        clientId={clientId}
        opened={dialog === 'create'}
        onClose={() => setDialog(null)}
      />
      <ImportLayerProfileDialog
        clientId={clientId}
        opened={dialog === 'import'}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete the threat profile?"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(
            { id: deleting.id, version: deleting.version },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `Deleted “${deleting.name}”` });
                setDeleting(null);
              },
              onError: (e) =>
                notifications.show({ color: 'red', message: describeError(e).detail }),
            },
          );
        }}
      >
        “{deleting?.name}” goes; the missions and their results stay.
      </ConfirmDialog>
    </Stack>
  );
}
