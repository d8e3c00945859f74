/** Marks a configuration problem met inside a Playwright worker; `goldpath run` maps it to exit 2. */
export const USAGE_MARKER = '[GOLDPATH_USAGE]';
