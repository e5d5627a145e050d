import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { Fragment } from 'react';

export interface DownloadGroup {
  label: string;
  items: Array<{ label: string; href: string; testId: string }>;
}

/** An "Export" button whose menu lists plain download links, grouped under labels. */
export function DownloadMenu({ groups, testId }: { groups: DownloadGroup[]; testId: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
          data-testid={testId}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {groups.map((g) => (
          <Fragment key={g.label}>
            <Menu.Label>{g.label}</Menu.Label>
            {g.items.map((i) => (
              <Menu.Item key={i.testId} component="a" href={i.href} download data-testid={i.testId}>
                {i.label}
              </Menu.Item>
            ))}
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
