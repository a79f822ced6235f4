import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { Announcer } from './Announcer';
import { AppFrame } from './AppFrame';
import { ClusterView } from './ClusterView';
import { DropZone } from './DropZone';
import { LogView } from './LogView';
import { RestoredNotice } from './RestoredNotice';
import { ShortcutHelp } from './ShortcutHelp';
import { Timeline } from './Timeline';
import { ViewToggle } from './ViewToggle';
import { useAppStore } from '../store';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { hasNothingToSay, NarrationCaption } from './NarrationCaption';
import { PosterFrame } from './PosterFrame';
import { QuorumNotice } from './QuorumNotice';
import { ProblemPanel } from './ProblemPanel';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useUrlReflection } from './useUrlReflection';
import { useFitBand } from './useFitBand';
import { useAutoHide } from './useAutoHide';

/**
 * The stage: the controls (header and timeline) in one block that collapses to a thin bar,
 * the caption and the announcement in bands of fixed height, and the picture filling the
 * rest; the side panel beside it. Embedded in someone's page (`?embed`), only the view and
 * minimal controls (`&chrome=` chooses), with a poster frame until the reader plays.
 */
export function App() {
  useKeyboardShortcuts();
  useUrlReflection();
  const mode = useAppStore((s) => s.mode);
  const embed = mode === 'embed';
  // `&chrome=`: full (the app's controls, also in an embed), minimal (embed mode's compact
  // bar), none (only the picture; the keyboard and the embed API still drive it).
  const chrome = useAppStore((s) => (s.chrome === 'full' && embed ? 'embed-full' : s.chrome));
  const full = chrome === 'full' || chrome === 'embed-full';
  const band = useRef<HTMLDivElement>(null);
  useFitBand(band);
  // No caption band at all when no caption can ever come (see `hasNothingToSay`).
  const silent = useAppStore(hasNothingToSay);
  return (
    <AppFrame>
      {chrome !== 'none' && (
        <Chrome
          key={mode}
          collapsible={!embed}
          collapsed={mode === 'presenter' || narrowScreen()}
          autoHide={mode === 'presenter'}
        >
          <Header />
          <ErrorBoundary>
            {/* The header has Step back and Step already. */}
            <Timeline />
          </ErrorBoundary>
        </Chrome>
      )}
      <div className="banner" ref={band} data-captions={silent ? 'none' : undefined}>
        <NarrationCaption />
        <Announcer />
      </div>
      <main className="main">
        <ErrorBoundary>
          {!embed && <RestoredNotice />}
          <ProblemPanel />
          <QuorumNotice />
          {full && <ViewToggle />}
          {full && <EditorWhenOpen />}
          <MainView />
        </ErrorBoundary>
      </main>
      <ErrorBoundary>
        <QuestionWhenOpen />
        <ChallengeWhenSet />
      </ErrorBoundary>
      <PosterFrame />
      {full && (
        <ErrorBoundary>
          <SidebarAfterFirstPicture />
        </ErrorBoundary>
      )}
      <ShortcutHelp />
      <DropZone />
    </AppFrame>
  );
}

function narrowScreen(): boolean {
  return typeof window !== 'undefined' && window.innerWidth <= 700;
}

/**
 * The controls' block. Collapsed (presenter mode and phones start so): one thin bar with the
 * title, playback buttons and the timeline's track; the button at its end expands it. In
 * presenter mode the bar lies over the caption band and hides when not wanted
 * (`useAutoHide`), so the room's picture gets its height.
 */
function Chrome({
  collapsible,
  collapsed: initiallyCollapsed,
  autoHide,
  children,
}: {
  collapsible: boolean;
  collapsed: boolean;
  autoHide: boolean;
  children: ReactNode;
}) {
  const [collapsed, setCollapsed] = useState(collapsible && initiallyCollapsed);
  const ref = useRef<HTMLDivElement>(null);
  const hidden = useAutoHide(ref, autoHide);
  return (
    <div
      className="chrome"
      id="controls"
      ref={ref}
      data-expanded={collapsible ? String(!collapsed) : undefined}
      data-overlay={autoHide ? 'true' : undefined}
      data-hidden={autoHide ? String(hidden) : undefined}
    >
      {children}
      {collapsible && (
        <button
          type="button"
          className="button small chrome-toggle"
          aria-expanded={!collapsed}
          aria-controls="controls"
          onClick={() => setCollapsed((c) => !c)}
        >
          {collapsed ? 'More controls ▾' : 'Fewer controls ▴'}
        </button>
      )}
    </div>
  );
}

// The editor (and its styles) loads the first time it is opened.
const ScenarioEditor = lazy(() => import('./ScenarioEditor'));

/** The scenario editor panel, while open. */
function EditorWhenOpen() {
  const open = useAppStore((s) => s.editorOpen);
  if (!open) return null;
  return (
    <Suspense
      fallback={
        <p className="editor-loading" role="status">
          Loading the editor…
        </p>
      }
    >
      <ScenarioEditor />
    </Suspense>
  );
}

// A question's card (and the engine's murmur2 walk-through it shows) loads with the first one.
const QuestionCard = lazy(() => import('./QuestionCard'));

/** The open question (`ask` step), over the bottom of the picture. */
function QuestionWhenOpen() {
  const open = useAppStore((s) => s.question !== null);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <QuestionCard />
    </Suspense>
  );
}

// A challenge's card loads with the first challenge opened.
const ChallengeCard = lazy(() => import('./ChallengeCard'));

/** The scenario's challenge (`challenge:`), over the top of the picture. */
function ChallengeWhenSet() {
  const set = useAppStore((s) => s.scenario?.challenge != null);
  if (!set) return null;
  return (
    <Suspense fallback={null}>
      <ChallengeCard />
    </Suspense>
  );
}

// The processing view loads the first time a streams scenario shows it.
const ProcessingView = lazy(() => import('./processing/ProcessingView'));

/** The cluster picture, the log view (`?view=log`) or the processing view (`?view=processing`). */
function MainView() {
  const view = useAppStore((s) => s.view);
  if (view === 'processing')
    return (
      <Suspense fallback={<p className="muted">Loading the processing view…</p>}>
        <ProcessingView />
      </Suspense>
    );
  return view === 'log' ? <LogView /> : <ClusterView />;
}

// The side panel (acting, the event list, the checks) is not part of the first picture: its
// code is fetched once the picture is on screen, and an empty panel holds its place till then.
const Sidebar = lazy(() => import('./Sidebar').then((m) => ({ default: m.Sidebar })));

function SidebarAfterFirstPicture() {
  const settled = useAppStore((s) => s.loadStatus === 'ready' || s.loadStatus === 'failed');
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!settled || shown) return;
    // Two frames: the first picture has been drawn and presented.
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => setShown(true));
    });
    return () => cancelAnimationFrame(id);
  }, [settled, shown]);
  const placeholder = <aside className="sidebar" aria-label="Act, inspect and events" />;
  if (!shown) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <Sidebar />
    </Suspense>
  );
}
