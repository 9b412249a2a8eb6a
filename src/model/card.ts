/**
 * The model card: everything needed to use, trust and reproduce a trained model, as
 * `card.json` (read by the scorer, the estimator and the replication) and `card.md` (read
 * by people). The card is the model's contract: the scorer refuses a model whose card does
 * not match this version's feature registry or its own network files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { FEATURES, type FeatureGroup, type FeatureScale } from '../features/registry.js';
import type { VectorizerState } from '../features/vectorize.js';
import type { BigramModel } from '../features/screen-name-likelihood.js';
import type { Calibrator } from './calibration.js';
import type { Metrics } from './metrics.js';
import type { ProtocolResult } from './cross-validate.js';
import type { ClassifierRates } from './rates.js';
import type { NestedSelectionResult } from './nested-selection.js';
import type { ReferenceForest } from './reference-forest-results.js';
import { renderNestedSelection } from './card-nested.js';

export const CARD_JSON = 'card.json';
export const CARD_MD = 'card.md';
export const CARD_KIND = 'botshare_model_card';
export const CARD_VERSION = 1;

export interface CardFeature {
  name: string;
  group: FeatureGroup;
  scale: FeatureScale;
  meaning: string;
  formula: string;
  missingWhen: string;
}

export interface CardDataset {
  name: string;
  files: { path: string; sha256: string }[];
  bots: number;
  humans: number;
  /** Accounts used in training the shipped model / kept out of it. */
  trainBots: number;
  trainHumans: number;
  heldOutBots: number;
  heldOutHumans: number;
  /** Training rows with timing features (timeline windows) from this set. */
  timingRows?: number;
}

export interface HeldOutAccount {
  dataset: string;
  subset?: string;
  accountId: string;
  label: 'bot' | 'human';
  /**
   * 'check': scored by the shipped model to check the in-domain rates (`ratesCheck`);
   * 'rates' (older cards): measured the in-domain rates; 'simulation': never used for
   * anything, left for ground-truth corpora. Absent in older cards (= simulation).
   */
  role?: 'check' | 'rates' | 'simulation';
}

export interface ModelEvaluation {
  /** Which rows: the training accounts (the held-out accounts are never touched here). */
  rows: string;
  inDomain5Fold: ProtocolResult;
  leaveOneDatasetOut: ProtocolResult;
  /** The other kind of model measured the same way (the logistic model beside a network, or the network beside a logistic model). */
  comparison: { name: string; description: string; inDomain5Fold: ProtocolResult; leaveOneDatasetOut: ProtocolResult };
  ablation: {
    accountOnly: { inDomain5Fold: ProtocolResult; leaveOneDatasetOut: ProtocolResult };
    accountPlusTiming: { inDomain5Fold: ProtocolResult; leaveOneDatasetOut: ProtocolResult };
  };
  /** The shipped model on its held-out accounts (in domain, never used in training). */
  heldOutAccounts?: ProtocolResult;
  /** Reference: BotometerLite-style random forest, LODO AUC (read from models/reference-forest.json). */
  reference?: ReferenceForest;
  /** The nested choice among model families (absent with fewer than three sets with both classes). */
  nestedSelection?: NestedSelectionResult;
  notes: string[];
}

/**
 * The operating rates at the threshold, measured out of domain, in the estimator's own type
 * (src/estimate/types.ts) so that prevalence correction reads them as they are.
 */
export type OperatingRates = ClassifierRates;

export interface ModelCard {
  kind: typeof CARD_KIND;
  cardVersion: typeof CARD_VERSION;
  name: string;
  created: string;
  botshareVersion: string;
  tfjsVersion: string;
  backend: string;
  seed: number;
  trainingSeconds: number;
  classifier: {
    /** 'mlp', 'logistic' or 'mlp+logistic' (members averaged in one graph). */
    kind: string;
    /** The candidate family that ships (nested-selection.ts). */
    family?: { name: string; description: string };
    hyperParameters: Record<string, unknown>;
    weightScheme: string;
    /** How the hyper-parameters were chosen. */
    selection: string;
    trainingLog?: unknown;
  };
  /** sha256 of model.json and weights.bin: a changed file is refused at load. */
  files: Record<string, string>;
  features: CardFeature[];
  /** The model's input columns, in order (vectoriser output, after any column selection). */
  inputs: string[];
  vectorizer: VectorizerState;
  bigrams: BigramModel;
  calibration: Calibrator & { fittedOn: string; prior: string };
  threshold: number;
  rates: OperatingRates;
  /**
   * In-domain rates: the k-fold out-of-fold predictions on the training accounts (older
   * cards: the shipped model on half of its held-out accounts). No simulation draws from
   * the accounts that measured them.
   */
  ratesInDomain?: OperatingRates;
  /** The shipped model's rates on the held-out accounts of role 'check': a check of `ratesInDomain`. */
  ratesCheck?: OperatingRates;
  datasets: CardDataset[];
  heldOut: HeldOutAccount[];
  labels?: { file: string; sha256: string; matched: number; unmatched: number; unmatchedIds: string[] };
  evaluation: ModelEvaluation;
}

export function cardFeatures(): CardFeature[] {
  return FEATURES.map((f) => ({
    name: f.name,
    group: f.group,
    scale: f.scale,
    meaning: f.meaning,
    formula: f.formula,
    missingWhen: f.missingWhen,
  }));
}

/** JSON with NaN and ±Infinity written as null (JSON has no NaN). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 1);
}

export async function writeCard(dir: string, card: ModelCard): Promise<void> {
  await writeFile(path.join(dir, CARD_JSON), toJson(card) + '\n');
  await writeFile(path.join(dir, CARD_MD), renderCardMarkdown(card));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Reads `dir/card.json` and checks it against this version of botshare: the same features
 * (name, group, scale, in order). JSON.parse never assigns prototypes, and nothing here
 * merges the parsed object into another.
 */
export async function readCard(dir: string): Promise<ModelCard> {
  const file = path.join(dir, CARD_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `${dir}: not a botshare model folder (no ${CARD_JSON})` : `${file}: cannot read (${String(code)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not valid JSON`);
  }
  return checkCard(parsed, file);
}

export function checkCard(parsed: unknown, file: string): ModelCard {
  const refuse = (why: string): never => {
    throw new UserError(`${file}: ${why}; refusing to load this model`);
  };
  if (!isRecord(parsed) || parsed.kind !== CARD_KIND) return refuse('not a botshare model card');
  if (parsed.cardVersion !== CARD_VERSION) refuse(`card version ${String(parsed.cardVersion)}, this botshare reads ${CARD_VERSION}`);
  const features = parsed.features;
  if (!Array.isArray(features)) return refuse('no feature list');
  if (features.length !== FEATURES.length) {
    refuse(`the model was trained on ${features.length} features, this botshare computes ${FEATURES.length}; retrain it`);
  }
  FEATURES.forEach((f, i) => {
    const g = features[i] as unknown;
    if (!isRecord(g) || g.name !== f.name || g.group !== f.group || g.scale !== f.scale) {
      refuse(`feature ${i + 1} is ${isRecord(g) ? `"${String(g.name)}"` : 'malformed'}, this botshare computes "${f.name}" (${f.group}, ${f.scale}); retrain the model`);
    }
  });
  if (!Array.isArray(parsed.inputs) || !parsed.inputs.every((x) => typeof x === 'string')) refuse('no input list');
  if (!isRecord(parsed.vectorizer) || !isRecord(parsed.bigrams) || !isRecord(parsed.calibration)) {
    refuse('vectorizer, bigram table or calibration missing');
  }
  if (!isRecord(parsed.files)) refuse('no file checksums');
  if (typeof parsed.threshold !== 'number' || !(parsed.threshold > 0 && parsed.threshold < 1)) refuse('bad threshold');
  return parsed as unknown as ModelCard;
}

// ---------------------------------------------------------------- card.md

const fmt = (x: number | undefined | null, digits = 3): string =>
  x === undefined || x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits);

function protocolTable(title: string, r: ProtocolResult, reference?: Record<string, number>): string {
  const lines = [
    `**${title}** — pooled AUC ${fmt(r.pooled.auc)}, mean AUC over sets with both classes ${fmt(r.meanAuc)}` +
      (r.meanAucReference !== undefined ? `, over the four reference sets ${fmt(r.meanAucReference)}` : ''),
    '',
    `| data set | bots | humans | AUC |${reference ? ' forest AUC |' : ''} F1 | precision | recall (TPR) | FPR | Brier | ECE | mean score bots | mean score humans |`,
    `|---|---:|---:|---:|${reference ? '---:|' : ''}---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const d of r.perDataset) {
    const ref = reference ? ` ${fmt(reference[d.dataset])} |` : '';
    lines.push(
      `| ${d.dataset} | ${d.bots} | ${d.humans} | ${fmt(d.auc)} |${ref} ${fmt(d.f1)} | ${fmt(d.precision)} | ${fmt(d.recall)} | ${fmt(d.fpr)} | ${fmt(d.brier)} | ${fmt(d.ece)} | ${fmt(d.meanScoreBot)} | ${fmt(d.meanScoreHuman)} |`,
    );
  }
  const p = r.pooled;
  lines.push(
    `| **pooled** | ${p.bots} | ${p.humans} | ${fmt(p.auc)} |${reference ? ' |' : ''} ${fmt(p.f1)} | ${fmt(p.precision)} | ${fmt(p.recall)} | ${fmt(p.fpr)} | ${fmt(p.brier)} | ${fmt(p.ece)} | ${fmt(p.meanScoreBot)} | ${fmt(p.meanScoreHuman)} |`,
  );
  return lines.join('\n');
}

export function renderCardMarkdown(card: ModelCard): string {
  const e = card.evaluation;
  const out: string[] = [];
  out.push(`# Model card: ${card.name}`, '');
  out.push(
    `Trained ${card.created} by botshare ${card.botshareVersion} (TensorFlow.js ${card.tfjsVersion}, ${card.backend} backend), seed ${card.seed}, in ${card.trainingSeconds.toFixed(0)} s.`,
    '',
    'It scores how much a Twitter account behaves like an automated one, from its profile at the time of a tweet and from its posting timing in the input. Scores are calibrated probabilities under an equal prior of bots and humans (see Calibration); the bot share of a corpus must be estimated with the prevalence-corrected estimators, not by counting scores above the threshold.',
    '',
  );
  out.push('## Classifier', '');
  const family = card.classifier.family;
  out.push(`- family: ${family ? `${family.name} (${family.description})` : card.classifier.kind}; kind: ${card.classifier.kind}; row weights: ${card.classifier.weightScheme}`);
  out.push(`- hyper-parameters: \`${JSON.stringify(card.classifier.hyperParameters)}\``);
  out.push(`- how they were chosen: ${card.classifier.selection}`);
  out.push(`- inputs (${card.inputs.length}): ${card.inputs.map((n) => `\`${n}\``).join(', ')}`, '');
  out.push('## Calibration and threshold', '');
  const c = card.calibration;
  out.push(
    `- method: ${c.method}${c.method === 'platt' ? ` (a = ${fmt(c.a, 4)}, b = ${fmt(c.b, 4)})` : ''}; fitted on ${c.fittedOn}; prior: ${c.prior}`,
  );
  const r = card.rates;
  out.push(
    `- threshold ${fmt(card.threshold, 2)}: out of domain (${r.source}) TPR ${fmt(r.tpr)}, FPR ${fmt(r.fpr)}, mean score of bots ${fmt(r.meanScoreBot)}, of humans ${fmt(r.meanScoreHuman)} (${r.support?.bots ?? '?'} bots, ${r.support?.humans ?? '?'} humans)`,
  );
  const ri = card.ratesInDomain;
  if (ri !== undefined) {
    out.push(
      `- threshold ${fmt(card.threshold, 2)}: in domain (${ri.source}) TPR ${fmt(ri.tpr)}, FPR ${fmt(ri.fpr)}, mean score of bots ${fmt(ri.meanScoreBot)}, of humans ${fmt(ri.meanScoreHuman)} (${ri.support?.bots ?? '?'} bots, ${ri.support?.humans ?? '?'} humans)`,
      '- Which rates correct a share is a choice about the export: `--rates out-of-domain` when its accounts are unlike the training sets (the honest default for an unknown export, with wide intervals), `--rates in-domain` when they are like them (the replication\'s reconstruction is built from such accounts).',
    );
  }
  const rc = card.ratesCheck;
  if (rc !== undefined && ri !== undefined) {
    out.push(
      `- check (${rc.source}): TPR ${fmt(rc.tpr)} (${rateGap(rc.tpr, ri.tpr, rc.support?.bots)}), FPR ${fmt(rc.fpr)} (${rateGap(rc.fpr, ri.fpr, rc.support?.humans)}), mean score of bots ${fmt(rc.meanScoreBot)}, of humans ${fmt(rc.meanScoreHuman)} (${rc.support?.bots ?? '?'} bots, ${rc.support?.humans ?? '?'} humans)`,
    );
  }
  out.push('');
  out.push('## Evaluation', '');
  out.push(`Rows: ${e.rows}`, '');
  out.push(protocolTable('Leave one data set out (trained without the set, tested on it)', e.leaveOneDatasetOut, e.reference?.leaveOneDatasetOutAuc), '');
  if (e.reference) {
    out.push(
      `Reference: ${e.reference.name}, mean LODO AUC ${fmt(e.reference.mean)} over ${Object.keys(e.reference.leaveOneDatasetOutAuc).join(', ')}${e.reference.source ? ` (${e.reference.source.file}, made by \`${e.reference.source.command}\`)` : ''}.`,
      '',
    );
  }
  out.push(protocolTable('Stratified 5-fold, in domain', e.inDomain5Fold), '');
  if (e.heldOutAccounts) out.push(protocolTable('Shipped model on its held-out accounts (in domain)', e.heldOutAccounts), '');
  out.push(`### Comparison: ${e.comparison.name}`, '', `${e.comparison.description}, measured as the shipped family.`, '');
  out.push(protocolTable(`${e.comparison.name}, leave one data set out`, e.comparison.leaveOneDatasetOut), '');
  out.push(protocolTable(`${e.comparison.name}, 5-fold in domain`, e.comparison.inDomain5Fold), '');
  out.push('### Ablation', '');
  out.push('| features | 5-fold AUC (pooled) | LODO mean AUC (sets with both classes) | LODO mean AUC (4 reference sets) |', '|---|---:|---:|---:|');
  for (const [name, a] of [
    ['account only', e.ablation.accountOnly],
    ['account + timing', e.ablation.accountPlusTiming],
  ] as const) {
    out.push(`| ${name} | ${fmt(a.inDomain5Fold.pooled.auc)} | ${fmt(a.leaveOneDatasetOut.meanAuc)} | ${fmt(a.leaveOneDatasetOut.meanAucReference)} |`);
  }
  out.push('');
  if (e.nestedSelection) out.push(...renderNestedSelection(e.nestedSelection, e.reference?.leaveOneDatasetOutAuc));
  if (e.notes.length > 0) out.push('### Notes', '', ...e.notes.map((n) => `- ${n}`), '');
  out.push('## Data', '');
  out.push('| set | bots | humans | trained on (bots / humans) | held out (bots / humans) | files (sha256) |', '|---|---:|---:|---:|---:|---|');
  for (const d of card.datasets) {
    out.push(
      `| ${d.name} | ${d.bots} | ${d.humans} | ${d.trainBots} / ${d.trainHumans} | ${d.heldOutBots} / ${d.heldOutHumans} | ${d.files.map((f) => `${f.path} (\`${f.sha256.slice(0, 12)}…\`)`).join('<br>')} |`,
    );
  }
  out.push('', `${card.heldOut.length} accounts are held out of training (listed in card.json, \`heldOut\`): half of them (role \`check\`) check the in-domain rates with the shipped model; the replication simulator and the estimator evaluation draw only from the other half (role \`simulation\`).`, '');
  if (card.labels) {
    out.push(
      `User labels: ${card.labels.file} (sha256 \`${card.labels.sha256.slice(0, 12)}…\`): ${card.labels.matched} matched, ${card.labels.unmatched} matched no account.`,
      '',
    );
  }
  out.push('## Features', '', '| name | group | scale | meaning | formula |', '|---|---|---|---|---|');
  for (const f of card.features) {
    out.push(`| \`${f.name}\` | ${f.group} | ${f.scale} | ${f.meaning.replace(/\|/g, '\\|')} | ${f.formula.replace(/\|/g, '\\|')} |`);
  }
  out.push('');
  return out.join('\n');
}

/** "−0.024 from the in-domain rate, 2.3 standard errors": how far a check lands from the rate it checks. */
function rateGap(checked: number, reference: number, n: number | undefined): string {
  const d = checked - reference;
  const se = n !== undefined && n > 0 ? Math.sqrt((reference * (1 - reference)) / n) : Number.NaN;
  const sign = d < 0 ? '−' : '+';
  return `${sign}${Math.abs(d).toFixed(3)} from the in-domain rate${Number.isFinite(se) && se > 0 ? `, ${(Math.abs(d) / se).toFixed(1)} standard errors` : ''}`;
}
