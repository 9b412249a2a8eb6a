/** Every chart of the report, by file name, with its builder and a caption for the HTML. */

import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary.js';
import { dailyVolumeSpec } from './daily-volume.js';
import { scoreByLabelSpec } from './score-by-label.js';
import { scoreDistributionSpec } from './score-distribution.js';
import { shareByHashtagSpec } from './share-by-hashtag.js';
import { thresholdSensitivitySpec } from './threshold-sensitivity.js';
import { topAccountsSpec } from './top-accounts.js';

export interface ChartDefinition {
  name: string;
  title: string;
  build: (summary: Summary) => TopLevelSpec;
  /** Whether the summary has anything for this chart. */
  applies: (summary: Summary) => boolean;
}

export const CHARTS: readonly ChartDefinition[] = [
  { name: 'share-by-hashtag', title: 'Bot share per hashtag', build: shareByHashtagSpec, applies: () => true },
  { name: 'daily-volume', title: 'Tweets per day, bots and humans', build: dailyVolumeSpec, applies: (s) => s.overall.daily.length > 0 },
  { name: 'score-distribution', title: 'Score distribution', build: scoreDistributionSpec, applies: (s) => s.overall.tweets > 0 },
  { name: 'threshold-sensitivity', title: 'Threshold sensitivity', build: thresholdSensitivitySpec, applies: (s) => s.overall.tweets > 0 },
  { name: 'top-accounts', title: 'Most active accounts', build: topAccountsSpec, applies: (s) => s.top_accounts.length > 0 },
  { name: 'score-by-label', title: 'Public bot score against your labels', build: scoreByLabelSpec, applies: (s) => (s.labeled?.accounts.length ?? 0) > 0 },
];
