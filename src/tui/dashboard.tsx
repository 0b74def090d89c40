import { Box, useApp } from 'ink';
import type { Theme } from '../output/theme.js';
import { DashboardErrorBoundary } from './components/error-boundary.js';
import { Header } from './components/header.js';
import { LogPane } from './components/log-pane.js';
import { Panel } from './components/panel.js';
import { SegmentLine } from './components/segment-line.js';
import { ThemeContext } from './components/theme-context.js';
import { TreePane } from './components/tree-pane.js';
import { useDashboard, type DashboardInput } from './hooks/use-dashboard.js';

function Dashboard(props: DashboardInput) {
  const view = useDashboard(props);
  const { layout } = view;
  return (
    <Box flexDirection="column" width={layout.width}>
      <Header view={view.header} />
      {view.overlay !== null ? (
        <Panel title={view.overlay.title} lines={view.overlay.lines} height={layout.body} />
      ) : (
        <>
          <TreePane view={view.tree} height={layout.tree} />
          {layout.detail > 0 ? <SegmentLine segments={view.detail} /> : null}
          <LogPane title={view.logTitle} rows={view.logRows} height={layout.logs} showTitle={layout.logTitle > 0} />
        </>
      )}
      <SegmentLine segments={view.footer} />
    </Box>
  );
}

export interface DashboardAppProps extends Omit<DashboardInput, 'exit'> {
  theme: Theme;
}

/** The whole dashboard: the theme, the error boundary, and the exit that unmounts Ink. */
export function DashboardApp({ theme, ...input }: DashboardAppProps) {
  const { exit } = useApp();
  return (
    <ThemeContext value={theme}>
      <DashboardErrorBoundary onError={exit}>
        <Dashboard {...input} exit={exit} />
      </DashboardErrorBoundary>
    </ThemeContext>
  );
}
