import { AppShell, Container } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MouseEvent } from 'react';
import { Outlet, useMatches } from 'react-router';
import { AppHeader } from './AppHeader';
import { MainNav } from './MainNav';
import { isFullWidth } from './route-handle';

const MAIN_ID = 'main-content';

/** The application frame: header, navigation and the current page. */
export function AppLayout() {
  const [navOpened, { toggle, close }] = useDisclosure(false);
  const fullWidth = useMatches().some((match) => isFullWidth(match.handle));
  return (
    <AppShell
      data-testid="app-shell"
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="xl"
    >
      <a className="mm-skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        Skip to content
      </a>
      <AppShell.Header data-testid="app-header">
        <AppHeader navOpened={navOpened} onToggleNav={toggle} />
      </AppShell.Header>
      <AppShell.Navbar data-testid="nav" p="sm" component="nav" aria-label="Main">
        <MainNav onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: 'none' }}>
        <Container size="lg" px={0} fluid={fullWidth}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** Move focus without touching the URL hash (the router owns the URL). */
function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById(MAIN_ID)?.focus();
}
