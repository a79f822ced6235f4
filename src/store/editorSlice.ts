import type { AppSlice, EditorSlice, SliceContext } from './slices';

export function createEditorSlice(_ctx: SliceContext): AppSlice<EditorSlice> {
  return (set, get) => ({
    editorOpen: false,
    setEditorOpen(editorOpen) {
      set({ editorOpen, editorText: get().editorText ?? get().scenarioText });
    },
    editorText: null,
    setEditorText(editorText) {
      set({ editorText });
    },
    async applyEditor() {
      const text = get().editorText;
      if (text === null) return false;
      await get().openScenarioText(text, 'edited scenario');
      return !get().problems.some((p) => p.kind === 'scenario');
    },
  });
}
