import { describe, expect, it } from 'vitest';
import { barChart } from '../../bench/report/svg.js';

const widths = (svg: string) =>
  [...svg.matchAll(/<rect x="270" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('the bar chart', () => {
  const svg = barChart({
    title: 'issuance, SQLite: requests per second (medians)',
    bars: [
      { label: 'Gatehouse', value: 900, text: '900 req/s' },
      { label: 'floor', value: 3600, text: '3600 req/s', reference: true },
      { label: 'nothing', value: Number.NaN, text: '–' },
    ],
  });

  it('is a standalone SVG document on a white ground, sized to its rows', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="760" height="138"')).toBe(
      true,
    );
    expect(svg).toContain('<rect width="760" height="138" fill="#ffffff"/>');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('draws each bar in proportion, the largest across the whole space', () => {
    expect(widths(svg)).toEqual([90, 360, 0]);
  });

  it('draws references grey and the rest blue, each with its label and text', () => {
    expect(svg).toContain('width="90.0" height="16" fill="#2b6cb0"');
    expect(svg).toContain('width="360.0" height="16" fill="#a0aec0"');
    expect(svg).toContain('<text x="262" y="56" text-anchor="end">Gatehouse</text>');
    expect(svg).toContain('<text x="366.0" y="56">900 req/s</text>');
  });

  it('escapes what it is given', () => {
    const chart = barChart({
      title: `R&D "<chart>"`,
      bars: [{ label: "<x y='1'>", value: 1, text: '&' }],
    });
    expect(chart).toContain('>R&amp;D &quot;&lt;chart&gt;&quot;</text>');
    expect(chart).toContain('>&lt;x y=&#39;1&#39;&gt;</text>');
    expect(chart).toContain('>&amp;</text>');
    expect(chart).not.toContain('<x');
  });
});
