interface ImportMetaEnv {
  /** The Worker's origin when the app is served from elsewhere (the Vite dev server). Default: the page's origin. */
  readonly VITE_API_ORIGIN?: string
}
