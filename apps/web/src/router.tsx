import { createBrowserRouter } from 'react-router';
import { OverviewPage } from './features/overview/OverviewPage';
import { AppLayout } from './features/shell/AppLayout';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { RouteErrorPage } from './features/shell/RouteErrorPage';

/**
 * Route table. The layout route keeps the shell on screen; its pathless child
 * catches page errors so a failing page never takes the navigation with it.
 * The outer error element only shows when the shell itself fails.
 */
export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage standalone />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <OverviewPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
