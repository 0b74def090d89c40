import { Text } from 'ink';
import { Component, type ReactNode } from 'react';

interface Props {
  onError: (error: Error) => void;
  children: ReactNode;
}

/**
 * A bug in a component must not leave the terminal in raw mode on the alternate screen: hand the
 * error to renderDashboard, which unmounts (restoring the terminal) and rethrows it.
 */
export class DashboardErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    this.props.onError(error instanceof Error ? error : new Error(String(error)));
  }

  override render(): ReactNode {
    if (this.state.error !== null) return <Text>The dashboard stopped: {this.state.error.message}</Text>;
    return this.props.children;
  }
}
