import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { sql } from '@codemirror/lang-sql';
import { yamlLanguage } from '@codemirror/lang-yaml';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  indentOnInput,
  LanguageSupport,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { classHighlighter, tags } from '@lezer/highlight';
import type { ScenarioProblem } from '../../scenario';
import { ksqlCompletions, scenarioCompletions, scenarioHover } from './assist';
import { problemMessage, problemRange } from './diagnostics';
import { ksqlDialect, ksqlInStatements } from './ksqlDialect';
import type { SchemaLike } from './schemaAssist';
import type { StatementNames } from './statementNames';

/** YAML, with ksqlDB inside every `statements` value. */
const scenarioLanguage = new LanguageSupport(yamlLanguage.configure({ wrap: ksqlInStatements }));

/**
 * Colours from the app's theme variables (editor.css defines them for light and dark), so
 * the theme toggle recolours the text without rebuilding the editor.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--code-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--code-number)' },
  {
    tag: [tags.keyword, tags.operatorKeyword, tags.controlKeyword],
    color: 'var(--code-keyword)',
    fontWeight: 'bold',
  },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--code-type)' },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: 'var(--code-comment)',
    fontStyle: 'italic',
  },
  {
    tag: [tags.meta, tags.punctuation, tags.separator, tags.bracket],
    color: 'var(--code-punctuation)',
  },
]);

const theme = EditorView.theme({
  '&': {
    height: '100%',
    backgroundColor: 'var(--surface)',
    color: 'var(--fg)',
    // Syntax colours, AA on --surface in both themes (light-dark follows the app's theme).
    '--code-key': 'light-dark(#1d4ed8, #93c5fd)',
    '--code-string': 'light-dark(#047857, #6ee7b7)',
    '--code-number': 'light-dark(#9a3412, #fdba74)',
    '--code-keyword': 'light-dark(#7e22ce, #d8b4fe)',
    '--code-type': 'light-dark(#0e7490, #67e8f9)',
    '--code-comment': 'light-dark(#57606a, #9aa4b1)',
    '--code-punctuation': 'light-dark(#4b5563, #aab4c0)',
    '--code-active-line': 'light-dark(rgb(29 78 216 / 6%), rgb(147 197 253 / 8%))',
    '--code-selection': 'light-dark(rgb(29 78 216 / 22%), rgb(147 197 253 / 28%))',
  },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.45' },
  '.cm-gutters': {
    backgroundColor: 'var(--bg)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--code-active-line)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--code-selection)',
  },
  // The host draws the focus ring; problems are a wavy underline (not colour alone).
  '&.cm-focused': { outline: 'none' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger) 1.5px',
    textUnderlineOffset: '3px',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--fg)',
    border: '1px solid var(--border)',
  },
});

/** What the text is: a scenario file (YAML, ksqlDB in `statements`), or ksqlDB statements. */
export type EditorLanguage =
  { kind: 'scenario'; schema: SchemaLike } | { kind: 'ksql'; names: () => StatementNames };

export interface CodeEditorOptions {
  parent: HTMLElement;
  /** The draft as shown ("\n" line breaks: see editorText.toDisplayText). */
  text: string;
  language: EditorLanguage;
  /** The text area's accessible name, and the id of what describes it. */
  label: string;
  describedBy?: string;
  onChange: (text: string) => void;
  onApply: () => void;
}

function languageExtensions(language: EditorLanguage) {
  return language.kind === 'scenario'
    ? [scenarioLanguage, scenarioHover(language.schema)]
    : [sql({ dialect: ksqlDialect, upperCaseKeywords: true })];
}

function completionsFor(language: EditorLanguage) {
  return language.kind === 'scenario'
    ? scenarioCompletions(language.schema)
    : ksqlCompletions(language.names);
}

export interface CodeEditor {
  readonly view: EditorView;
  /** Shows another text (revert, a restored draft): one change, which undo can take back. */
  setText(text: string): void;
  /** The problems of the text shown, in the gutter and under the words they point at (and aria-invalid). */
  setProblems(problems: readonly ScenarioProblem[]): void;
  /** Puts the caret at a 1-based line and column, scrolled into view, and focuses the text. */
  goTo(line: number, column?: number): void;
  focus(): void;
  destroy(): void;
}

export function createCodeEditor(options: CodeEditorOptions): CodeEditor {
  let applying = false;
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        ...languageExtensions(options.language),
        syntaxHighlighting(highlight),
        // Stable token classes too (tok-keyword, tok-propertyName…), for tests and user styles.
        syntaxHighlighting(classHighlighter),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ override: [completionsFor(options.language)], icons: false }),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        lintGutter(),
        EditorState.tabSize.of(2),
        keymap.of([
          { key: 'Mod-Enter', run: () => (options.onApply(), true), preventDefault: true },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...completionKeymap,
          ...lintKeymap,
          // Tab indents; Esc then Tab leaves the text (CodeMirror's tab focus mode).
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({
          'aria-label': options.label,
          ...(options.describedBy === undefined ? {} : { 'aria-describedby': options.describedBy }),
          spellcheck: 'false',
          autocapitalize: 'off',
          autocorrect: 'off',
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !applying) options.onChange(update.state.doc.toString());
        }),
        theme,
      ],
    }),
  });

  // Esc in the editor closes a completion or the search panel, or arms "leave with Tab"; it
  // must not also close a dialog around the editor. Listened for on the editor's outer
  // element, after CodeMirror's own handlers (a key binding that handles it ends there).
  view.dom.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') event.stopPropagation();
  });

  // The view, where a test or a script driving the page can read the text (the DOM holds
  // only the lines on screen).
  Object.defineProperty(options.parent, 'editorView', { value: view, configurable: true });

  return {
    view,
    setText(text) {
      const current = view.state.doc.toString();
      if (text === current) return;
      applying = true;
      try {
        view.dispatch({ changes: { from: 0, to: current.length, insert: text } });
      } finally {
        applying = false;
      }
    },
    setProblems(problems) {
      const text = view.state.doc.toString();
      const diagnostics: Diagnostic[] = [];
      for (const problem of problems) {
        const range = problemRange(text, problem);
        if (range === null) continue;
        diagnostics.push({ ...range, severity: 'error', message: problemMessage(problem) });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
      // Problems without a place (the file as a whole) count too.
      view.contentDOM.setAttribute('aria-invalid', String(problems.length > 0));
    },
    goTo(line, column = 1) {
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(1, Math.floor(line)), doc.lines));
      const pos = Math.min(target.from + Math.max(0, Math.floor(column) - 1), target.to);
      view.dispatch({
        selection: { anchor: pos },
        effects: EditorView.scrollIntoView(pos, { y: 'center' }),
      });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
