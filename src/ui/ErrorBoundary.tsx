import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A rendering bug shows its message instead of unmounting the page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('kafkascope view error', error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="problem" role="alert" data-kind="view">
        <h2>The view failed to draw</h2>
        <ul className="mono">
          <li>{this.state.error.message}</li>
        </ul>
        <p>Reload the page; if it happens again, the seed and time in the address reproduce it.</p>
      </section>
    );
  }
}
