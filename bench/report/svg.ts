import { escapeHtml as escapeXml } from '../../src/http/pages.js';

/** One bar of a chart: its label, its length, and the text written after it. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  /** A reference (drawn grey) rather than what is measured against it (drawn blue). */
  reference?: boolean;
}

const layout = {
  width: 760,
  labelWidth: 270,
  barSpace: 360,
  top: 44,
  row: 26,
  barHeight: 16,
  bottom: 16,
} as const;

/**
 * A horizontal bar chart as a standalone SVG document, written by hand (no dependency): one
 * row per bar, lengths proportional to the values (the largest spans the whole space), on a
 * white ground so that it reads in light and dark themes alike.
 */
export function barChart({ title, bars }: { title: string; bars: readonly Bar[] }): string {
  const largest = Math.max(0, ...bars.map((bar) => (Number.isFinite(bar.value) ? bar.value : 0)));
  const height = layout.top + bars.length * layout.row + layout.bottom;
  const rows = bars.map((bar, index) => {
    const y = layout.top + index * layout.row;
    const length =
      largest > 0 && Number.isFinite(bar.value) && bar.value > 0
        ? Math.max(1, (bar.value / largest) * layout.barSpace)
        : 0;
    const textY = y + layout.barHeight / 2 + 4;
    return [
      `  <text x="${layout.labelWidth - 8}" y="${textY}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `  <rect x="${layout.labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${layout.barHeight}" fill="${bar.reference ? '#a0aec0' : '#2b6cb0'}"/>`,
      `  <text x="${(layout.labelWidth + length + 6).toFixed(1)}" y="${textY}">${escapeXml(bar.text)}</text>`,
    ].join('\n');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${height}" viewBox="0 0 ${layout.width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#1a202c">`,
    `  <rect width="${layout.width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="12" y="24" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
