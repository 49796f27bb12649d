/** Where the person's choice is kept; without one the page follows `prefers-color-scheme`. */
const STORAGE_KEY = 'mistral-edge-theme'

type Theme = 'light' | 'dark'

/** The theme shown: the stored choice, else the system's. */
function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme
  if (chosen === 'light' || chosen === 'dark') return chosen
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/**
 * Makes `button` switch between the light and dark themes, and applies a choice stored earlier. The theme is the
 * `data-theme` attribute of `<html>`, which style.css reads; without it the system's `prefers-color-scheme` applies.
 *
 * @param button - the toggle, labelled "Dark theme"; `aria-pressed` says whether the dark theme shows.
 */
export function setUpThemeToggle(button: HTMLButtonElement): void {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(STORAGE_KEY)
  } catch {} // storage can be blocked; the toggle still works for this page
  if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored
  const show = () => {
    const dark = currentTheme() === 'dark'
    button.textContent = dark ? '☀' : '☾'
    // The label stays "Dark theme"; aria-pressed says whether it is on.
    button.setAttribute('aria-pressed', String(dark))
  }
  button.addEventListener('click', () => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark'
    document.documentElement.dataset.theme = next
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {}
    show()
  })
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', show)
  show()
}
