import { Anchor, Burger, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LogoMark } from './LogoMark';
import { PRODUCT_NAME } from './usePageTitle';
import { UserMenu } from './UserMenu';

interface AppHeaderProps {
  navOpened: boolean;
  onToggleNav: () => void;
}

export function AppHeader({ navOpened, onToggleNav }: AppHeaderProps) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
        />
        <Anchor
          component={Link}
          to="/"
          underline="never"
          c="inherit"
          data-testid="brand"
          aria-label={`${PRODUCT_NAME} home`}
        >
          <Group gap={10} wrap="nowrap">
            <LogoMark size={30} />
            <Text component="span" fw={700} fz="lg" lts={-0.2}>
              {PRODUCT_NAME}
            </Text>
          </Group>
        </Anchor>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <ColorSchemeToggle />
        <UserMenu />
      </Group>
    </Group>
  );
}
