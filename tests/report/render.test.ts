import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topAccountsSpec } from '../../src/report/charts/top-accounts.js';
import { escapeHtml, jsonForScript } from '../../src/report/escape.js';
import { assertSafeSvg, fontFiles, renderPng, renderSvg } from '../../src/report/render.js';
import { fixtureSummary, HOSTILE } from './fixture.js';

const { summary } = fixtureSummary();

describe('rendering', () => {
  it('renders a spec to SVG with user text escaped', async () => {
    const svg = await renderSvg(topAccountsSpec(summary));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('&lt;script&gt;alert(1)');
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/<img/i);
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('renders SVG to PNG with the bundled DejaVu fonts', async () => {
    for (const f of fontFiles()) expect(existsSync(f), f).toBe(true);
    const svg = await renderSvg(topAccountsSpec(summary));
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Width from the IHDR chunk: scale 2 doubles the SVG's width.
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(2 * svgWidth);
  });

  it('refuses SVG markup that could run or load something', () => {
    expect(() => assertSafeSvg('<svg><script>alert(1)</script></svg>')).toThrow(/<script>/);
    expect(() => assertSafeSvg('<svg><g onload="alert(1)"></g></svg>')).toThrow(/event attribute/);
    expect(() => assertSafeSvg('<svg><foreignObject></foreignObject></svg>')).toThrow(/foreignobject/);
    expect(() => assertSafeSvg('<svg><a xlink:href="javascript:alert(1)"></a></svg>')).toThrow();
    expect(() => assertSafeSvg('<svg><path d="M0,0" clip-path="url(#c1)"/><text>&lt;b&gt; onload=x</text></svg>')).not.toThrow();
  });

  it('refuses a spec that tries to load data', async () => {
    await expect(
      renderSvg({ data: { url: 'https://evil.example/data.json' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } }),
    ).rejects.toThrow(/may not load external data/);
  });
});

describe('escaping', () => {
  it('escapes text and attribute values', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
    for (const h of HOSTILE) expect(escapeHtml(h)).not.toMatch(/[<>"]/);
  });

  it('embeds JSON in a script element without ending it, and parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- x -->', sep: '\u2028\u2029', amp: 'a&b' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
