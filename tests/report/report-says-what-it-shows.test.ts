/**
 * Every chart names the method it draws, legends list only what is drawn, flags are badges
 * explained once under the table, and ranges are not dressed as intervals (issue 24 item 5).
 */
import { describe, expect, it } from 'vitest';
import { shareByHashtagSpec } from '../../src/report/charts/share-by-hashtag.js';
import { dailyVolumeSpec } from '../../src/report/charts/daily-volume.js';
import { consoleSummary } from '../../src/report/console-summary.js';
import { reportHtml } from '../../src/report/html.js';
import type { Summary } from '../../src/report/summary.js';
import { fixtureSummary } from './fixture.js';
import { labeledSummary } from './labeled-summary-fixture.js';

interface Row {
  label: string;
  what: string;
  value: number;
  lo?: number;
  hi?: number;
}

function chart(summary: Summary): { subtitle: string; legend: string[]; rows: Row[][] } {
  const spec = shareByHashtagSpec(summary) as unknown as {
    title: { subtitle: string[] };
    hconcat: { data: { values: Row[] }; layer: { encoding: { color?: { scale: { domain: string[] } } } }[] }[];
  };
  return {
    subtitle: spec.title.subtitle.join('\n'),
    legend: spec.hconcat[0].layer[0].encoding.color?.scale.domain ?? [],
    rows: spec.hconcat.map((p) => p.data.values),
  };
}

const { summary: base } = fixtureSummary();

describe('the share chart names what it draws', () => {
  it('without labels: the headline method and the bootstrap; the legend lists the reference only when one is drawn', () => {
    const c = chart(base);
    expect(c.subtitle).toMatch(new RegExp(`^${base.default_method.name}.*95% percentile bootstrap interval over accounts`));
    expect(c.legend).toEqual(['estimate with 95% interval', 'classify and count (uncorrected)', 'reference value']);
    const none = chart({ ...base, references: [] });
    expect(none.legend).toEqual(['estimate with 95% interval', 'classify and count (uncorrected)']);
    expect(JSON.stringify(shareByHashtagSpec({ ...base, references: [] }))).not.toMatch(/reference value/);
  });

  it('under --labels: draws the model-assisted figures of the sample\'s frame, says so, and names the series it leaves out', () => {
    const tags = base.hashtags.map((h) => h.hashtag);
    const s = labeledSummary({ ...base, references: [] }, [
      { hashtag: tags[0], estimate: 0.31, labeled: 40 },
      { hashtag: tags[1], estimate: 0.12, labeled: 30 },
    ]);
    const c = chart(s);
    expect(c.subtitle).toMatch(/^model-assisted estimate from the labeled sample \(250 accounts labeled\), 95% interval from its design/);
    expect(c.subtitle).not.toMatch(/bootstrap|\bp?acc\b/);
    expect(c.subtitle).toMatch(/not drawn \(outside the sample's frame\): 2 series/);
    const headline = c.rows[0].filter((r) => r.what === 'estimate with 95% interval');
    expect(headline.map((r) => r.label)).toEqual([`#${tags[0]}`, `#${tags[1]}`]);
    // The labeled section's figures, not the classifier's.
    for (const [r, d] of headline.map((r, k) => [r, s.labeled?.hashtags[k]] as const)) {
      expect([r.value, r.lo, r.hi]).toEqual([d?.tweets.model_assisted.estimate, ...(d?.tweets.model_assisted.ci95 ?? [])]);
    }
    expect(headline.map((r) => r.value)).toEqual([0.31, 0.12]);
    expect(c.legend).not.toContain('reference value');
    // The daily split has no labeled figure: it says whose it is.
    const daily = JSON.stringify((dailyVolumeSpec(s) as { title: unknown }).title);
    expect(daily).toContain(`(${base.default_method.name}, the classifier’s correction, not the labeled sample)`);
    expect(JSON.stringify((dailyVolumeSpec(base) as { title: unknown }).title)).not.toMatch(/labeled sample/);
  });
});

describe('the labeled table says what it shows', () => {
  const tags = base.hashtags.map((h) => h.hashtag);
  const few = { code: 'few_labels', message: 'only 3 labeled account(s) in this domain (fewer than 10): the interval rests on very few points' };

  it('puts flags as short badges in the rows and their sentences once under the table', () => {
    const html = reportHtml(labeledSummary(base, [{ hashtag: tags[0], estimate: 0.3, labeled: 3, flags: [few] }, { hashtag: tags[1], estimate: 0.1, labeled: 40 }]), []);
    const section = /<section id="labeled-sample">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const table = /<table class="answer">[\s\S]*?<\/table>/.exec(section)?.[0] ?? '';
    expect(table).toContain('<span class="flag">few labels</span>');
    expect(table).not.toContain(few.message);
    // Once, for tweets and accounts together (the same sentence for both).
    expect(section.split(few.message)).toHaveLength(2);
    expect(section).toContain(`<ul class="flag-notes"><li><span class="flag">few labels</span> <em>#${tags[0]}, tweets and accounts</em>: only 3 labeled`);
  });

  it('shows what unsure rows do as two values, not an interval, and no column when there are none', () => {
    const unsure = reportHtml(labeledSummary(base, [{ hashtag: tags[0], estimate: 0.3, labeled: 40, asBot: 0.36 }], { bot: 10, human: 30, unsure: 5, empty: 0 }), []);
    expect(unsure).toContain('<th scope="col">Unsure rows as human / as bot</th>');
    expect(unsure).toContain('<td class="num">30.0% / 36.0%</td>');
    expect(unsure).not.toMatch(/30\.0% – 36\.0%/);
    const none = reportHtml(labeledSummary(base, [{ hashtag: tags[0], estimate: 0.3, labeled: 40 }]), []);
    expect(none).not.toMatch(/Unsure rows as human/);
    expect(none).not.toMatch(/30\.0% – 30\.0%/);
    expect(none).toMatch(/No row of the labeled prefix is unsure or empty/);
  });

  it('says how many labeled rows would reach the target (labels_to_target), escaped, with the console\'s words', () => {
    const s = labeledSummary(base, [{ hashtag: tags[0], estimate: 0.3, labeled: 40 }]);
    const lab = s.labeled as NonNullable<Summary['labeled']>;
    const withTarget: Summary = {
      ...s,
      labeled: { ...lab, labels_to_target: { half_width: 0.05, labeled: 250, needed: 1400, more: 1150, by_domain: [{ hashtag: `${tags[0]}<b>`, half_width: 0.09, needed: 1400 }] } },
    };
    const html = reportHtml(withTarget, []);
    const section = /<section id="labeled-sample">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const line = /<p class="labels-to-target">([^\n]*)<\/p>/.exec(section)?.[1] ?? '';
    expect(line).toContain(`±5 points on the share of tweets of #${tags[0]}&lt;b&gt;: about 1,400 labeled rows, 1,150 more (beyond the 300 drawn: draw again with -n 1400`);
    expect(line).not.toContain('<b>');
    const consoleLine = consoleSummary(withTarget).find((l) => l.startsWith('±5 points')) ?? '';
    expect(line).toContain(consoleLine.replace('<b>', '&lt;b&gt;'));
    expect(reportHtml(s, [])).not.toContain('labels-to-target');
  });

  it('captions the share chart with the labeled method, and marks the answer rows outside the frame', () => {
    const html = reportHtml(labeledSummary(base, [{ hashtag: tags[0], estimate: 0.3, labeled: 40 }]), [
      { name: 'share-by-hashtag', title: 't', spec: { $schema: 'x', mark: 'bar' } as never, svg: '<svg></svg>' },
    ]);
    expect(html).toMatch(/Bars: the <strong>model-assisted<\/strong> bot share from the labeled sample; black lines: its 95% interval \(from the sample's design\); not drawn, being outside the sample's frame: all tweets, #/);
    expect(html).not.toMatch(/Bars: bot share by/);
    expect(html).toMatch(/<th scope="row">all tweets<\/th>.*\(outside the labeled sample’s frame\)/);
    // The sections on the classifier's method and bootstrap say first that the headline is not theirs.
    for (const id of ['method', 'uncertainty']) {
      expect(html).toMatch(new RegExp(`<section id="${id}">\\n<h2>[^<]*</h2>\\n<p class="labeled-note"><strong>The headline shares come from your labeled sample`));
    }
    expect(reportHtml(base, [])).not.toMatch(/labeled-note/);
  });
});
