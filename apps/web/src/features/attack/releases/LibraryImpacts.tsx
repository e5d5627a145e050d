import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReleaseDiff } from '@metamorph/contract';
import { IconArrowRight, IconReplace } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useRemapAttack } from '../../../api/library-io';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useCan } from '../../auth/current-user';
import { testTemplatePath } from '../../library/LibraryTable';
import { DIFF_SECTIONS } from './release-diff';
import { libraryImpacts, remapOffers, revokedIdsOf, type RemapOffer } from './library-impacts';

const REASON_COLORS = Object.fromEntries(DIFF_SECTIONS.map((s) => [s.key, s.color]));

/** The library test templates a release diff touches, with a remap for revoked techniques. */
export function LibraryImpacts({ diff }: { diff: ReleaseDiff }) {
  const canRead = useCan('library.read');
  const canWrite = useCan('library.write');
  const [confirm, setConfirm] = useState<RemapOffer | null>(null);
  const remap = useRemapAttack();
  if (!canRead) return null;
  const impacts = libraryImpacts(diff);
  const offers = remapOffers(diff, impacts);

  const run = () => {
    if (!confirm) return;
    remap.mutate(
      { from: confirm.from, to: confirm.to },
      {
        onSuccess: (result) => {
          const n = result.templates.length;
          notifications.show({
            color: 'teal',
            message: `Moved ${n} template${n === 1 ? '' : 's'} from ${result.from} to ${result.to}`,
          });
          setConfirm(null);
        },
      },
    );
  };

  return (
    <Stack gap="sm" mt="lg" data-testid="library-impacts">
      <Group gap={8}>
        <Title order={3} fz="sm" fw={650}>
          Library templates affected
        </Title>
        <Badge variant={impacts.length ? 'light' : 'default'} color="yellow" size="sm">
          {impacts.length}
        </Badge>
      </Group>
      {impacts.length > 0 && (
        <Text size="sm" c="dimmed" mt={-4}>
          Test templates tagged with a technique these releases differ on: review them
          {canWrite && offers.length > 0 ? ', or move a revoked tag to its successor' : ''}.
        </Text>
      )}
      {impacts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="library-impacts-none">
          No test template of the library is tagged with a technique this diff changes.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Template</Table.Th>
                <Table.Th w={200}>Techniques</Table.Th>
                <Table.Th w={200}>Why</Table.Th>
                {canWrite && offers.length > 0 && <Table.Th w={190}>Remap</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {impacts.map((i) => {
                const revoked = revokedIdsOf(i, diff).filter((r) => r.to !== null);
                return (
                  <Table.Tr key={i.id} data-testid="library-impact" data-id={i.id}>
                    <Table.Td>
                      <Anchor component={Link} to={testTemplatePath(i.id)} size="sm" fw={600}>
                        {i.label}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {i.external_ids.map((id) => (
                          <Badge key={id} size="sm" variant="outline" ff="monospace" tt="none">
                            {id}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {i.reasons.map((r) => (
                          <Badge key={r} size="sm" variant="light" color={REASON_COLORS[r]}>
                            {r}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    {canWrite && offers.length > 0 && (
                      <Table.Td>
                        <Stack gap={4}>
                          {revoked.map((r) => {
                            const offer = offers.find((o) => o.from === r.from);
                            return (
                              offer && (
                                <Button
                                  key={r.from}
                                  size="compact-xs"
                                  variant="light"
                                  color="red"
                                  leftSection={<IconReplace size={12} />}
                                  onClick={() => setConfirm(offer)}
                                  w="fit-content"
                                  data-testid="library-impact-remap"
                                  data-from={offer.from}
                                >
                                  Remap to {offer.to}
                                </Button>
                              )
                            );
                          })}
                        </Stack>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={confirm !== null}
        title={`Remap ${confirm?.from ?? ''} to ${confirm?.to ?? ''}?`}
        confirmLabel="Remap"
        danger={false}
        loading={remap.isPending}
        onConfirm={run}
        onClose={() => {
          remap.reset();
          setConfirm(null);
        }}
      >
        <Stack gap="sm">
          <Group gap={6}>
            <Badge variant="light" color="red" ff="monospace" tt="none">
              {confirm?.from}
            </Badge>
            <IconArrowRight size={14} />
            <Badge variant="light" color="teal" ff="monospace" tt="none">
              {confirm?.to}
            </Badge>
          </Group>
          <Text size="sm">
            Every library template tagged with {confirm?.from} ({confirm?.templates} listed here)
            will be tagged with {confirm?.to} instead, its revoked-by successor. Missions already
            planned keep their own copy.
          </Text>
          {remap.isError && <ErrorAlert error={remap.error} title="Nothing was remapped" />}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
