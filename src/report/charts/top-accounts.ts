/**
 * The most active accounts: their tweets, their score (colour), and the features that
 * pushed their score up (+) or down (−) according to the model's explanations.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary, TopAccount } from '../summary.js';
import { CONFIG } from './common.js';

/** The account's label in charts and tables: rank, then @screen name or the user id. */
export function accountLabel(a: TopAccount, rank: number): string {
  return a.screen_name === null ? `${rank}. id ${a.user_id}` : `${rank}. @${a.screen_name}`;
}

/** "+ feature 0.31 · − other 0.12": the strongest pushes, largest first. */
export function featureText(a: TopAccount, max = 4): string {
  if (a.top_features.length === 0) return 'no explanation available';
  return [...a.top_features]
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution))
    .slice(0, max)
    .map((f) => `${f.contribution >= 0 ? '+' : '−'} ${f.feature} ${Math.abs(f.contribution).toFixed(2)}`)
    .join(' · ');
}

export function topAccountsSpec(summary: Summary): TopLevelSpec {
  const rows = summary.top_accounts.map((a, i) => ({
    rank: i + 1,
    account: accountLabel(a, i + 1),
    tweets: a.tweets,
    score: a.score,
    features: featureText(a),
  }));
  const y = { field: 'account', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Most active accounts', subtitle: 'tweets in the corpus, bot score (colour), features that pushed the score up (+) or down (−)' },
    config: CONFIG,
    data: { values: rows },
    hconcat: [
      {
        width: 240,
        height: { step: 20 },
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'tweets', type: 'quantitative', title: 'tweets' },
          color: {
            field: 'score',
            type: 'quantitative',
            title: 'bot score',
            scale: { domain: [0, 1], scheme: 'redblue', reverse: true },
          },
          tooltip: [
            { field: 'account', type: 'nominal' },
            { field: 'tweets', type: 'quantitative' },
            { field: 'score', type: 'quantitative', format: '.2f' },
          ],
        },
      },
      {
        width: 430,
        height: { step: 20 },
        view: { stroke: null },
        mark: { type: 'text', align: 'left', x: 0, fontSize: 10 },
        encoding: {
          y: { ...y, axis: null },
          text: { field: 'features', type: 'nominal' },
        },
      },
    ],
  };
}
