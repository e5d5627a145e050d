import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAttackGroups } from '../../api/attack';
import { describeError } from '../../api/describe-error';
import { useCreateThreatProfile } from '../../api/threats';

const upper = (xs: string[]) => xs.map((x) => x.trim().toUpperCase()).filter(Boolean);

/** A new threat profile from ATT&CK groups (picked by name or alias), software and campaigns. */
export function CreateProfileDialog({
  clientId,
  opened,
  onClose,
}: {
  clientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [software, setSoftware] = useState<string[]>([]);
  const [campaigns, setCampaigns] = useState<string[]>([]);
  const found = useAttackGroups(search);
  const create = useCreateThreatProfile(clientId);
  const navigate = useNavigate();
  const options = (found.data?.items ?? [])
    .filter((g) => !g.revoked && !g.deprecated)
    .map((g) => ({
      value: g.external_id,
      label: `${g.external_id} ${g.name}${g.aliases.length ? ` (${g.aliases.slice(0, 2).join(', ')})` : ''}`,
    }));
  // Picked groups stay listed while another search runs.
  for (const id of groups)
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: id });
  const error = create.error ? describeError(create.error) : null;
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="New threat profile" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            {
              name,
              group_ids: groups,
              software_ids: upper(software),
              campaign_ids: upper(campaigns),
              extra: [],
            },
            {
              onSuccess: (p) => {
                notifications.show({
                  color: 'teal',
                  message: `“${p.name}”: ${p.techniques.length} techniques`,
                });
                close();
                void navigate(`/clients/${clientId}/threats/${p.id}`);
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="threat-profile-name"
          />
          <MultiSelect
            label="Groups"
            description="Search by name or alias; their techniques come from the current ATT&CK release."
            data={options}
            value={groups}
            onChange={setGroups}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: o }) => o}
            nothingFoundMessage={found.isFetching ? 'Searching…' : 'No group found'}
            data-testid="threat-profile-groups"
          />
          <TagsInput
            label="Software"
            description="ATT&CK ids such as S0154; press Enter after each."
            value={software}
            onChange={setSoftware}
            data-testid="threat-profile-software"
          />
          <TagsInput
            label="Campaigns"
            description="ATT&CK ids such as C0024."
            value={campaigns}
            onChange={setCampaigns}
          />
          {error && (
            <Alert color="red" title={error.title} data-testid="threat-profile-error">
              {error.fields.length
                ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ')
                : error.detail}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="threat-profile-create">
              Create profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
