import { THEME_NAMES, useAppStore, type ThemeName } from '../store';

const LABEL: Record<ThemeName, string> = { auto: 'Auto', light: 'Light', dark: 'Dark' };
const ICON: Record<ThemeName, string> = { auto: '◐', light: '☀', dark: '☾' };

/**
 * The colour theme, cycling auto → light → dark (auto follows the system's setting). The
 * choice is remembered for the next visit; an address's `&theme=` wins for that page.
 */
export function ThemeToggle() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const next = THEME_NAMES[(THEME_NAMES.indexOf(theme) + 1) % THEME_NAMES.length];
  return (
    <button
      type="button"
      className="button small theme-toggle"
      data-theme-choice={theme}
      title={`Colours: ${LABEL[theme].toLowerCase()}${theme === 'auto' ? ' (as the system)' : ''}. Press for ${LABEL[next].toLowerCase()}.`}
      onClick={() => setTheme(next)}
    >
      <span aria-hidden="true">{ICON[theme]}</span> Theme: {LABEL[theme]}
    </button>
  );
}
