/**
 * Prints benchmark figures as a plain-text table: median (p95) for ours and the peer, the ratio of medians,
 * and the target. Pure; no I/O.
 */
import type { Summary } from './stats.ts';

/** One row of the table. */
export interface TableRow {
  readonly label: string;
  /** `ms`, `/s`, `MB`, `KB`, `s`, `count`, or `` for plain numbers. */
  readonly unit: string;
  readonly ours: Summary | null;
  readonly peer: Summary | null;
  /** What issue 5 asks for, in words (`<= 0.8x peer`, `>= 58`). */
  readonly target?: string;
}

/** Formats a number for its unit with sensible precision; `—` for missing. */
export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'MB') return value.toFixed(1);
  if (unit === 'KB' || unit === 'ms' || unit === 'count') return Math.round(value).toString();
  if (unit === 's') return value.toFixed(2);
  return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
}

function cell(summary: Summary | null, unit: string): string {
  if (!summary || summary.n === 0) return '—';
  const median = formatValue(summary.median, unit);
  if (summary.n === 1 || Math.abs(summary.p95 - summary.median) < 1e-9) return median;
  return `${median} (${formatValue(summary.p95, unit)})`;
}

/** Ratio ours/peer of the medians, `—` when either is missing or zero. */
export function ratio(ours: Summary | null, peer: Summary | null): string {
  if (!ours || !peer || !ours.n || !peer.n || !Number.isFinite(ours.median) || !peer.median) return '—';
  return `${(ours.median / peer.median).toFixed(2)}x`;
}

/** The table as lines of text (header, rule, rows), columns padded. */
export function formatTable(rows: readonly TableRow[]): string {
  const header = ['figure', 'unit', 'ours median (p95)', 'peer median (p95)', 'ours/peer', 'target'];
  const body = rows.map((r) => [
    r.label,
    r.unit,
    cell(r.ours, r.unit),
    cell(r.peer, r.unit),
    ratio(r.ours, r.peer),
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table in Markdown (for the README's Performance section). */
export function formatMarkdown(rows: readonly TableRow[]): string {
  const header = '| figure | unit | ours median (p95) | peer median (p95) | ours/peer | target |';
  const rule = '|---|---|--:|--:|--:|---|';
  const body = rows.map(
    (r) =>
      `| ${r.label} | ${r.unit} | ${cell(r.ours, r.unit)} | ${cell(r.peer, r.unit)} | ${ratio(r.ours, r.peer)} | ${r.target ?? ''} |`,
  );
  return [header, rule, ...body].join('\n');
}
