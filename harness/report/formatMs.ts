/** Milliseconds for tables: one decimal below 100 ms, whole numbers above, "-" when absent. */
export function formatMs(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return value < 100 ? value.toFixed(1) : String(Math.round(value));
}
