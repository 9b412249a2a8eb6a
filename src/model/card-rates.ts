/**
 * The model card's operating rates as the estimators take them. The card records two sets:
 * measured out of domain (each set scored by a model trained without it: for exports unlike
 * the training sets) and in domain (accounts like the training sets, scored out of fold).
 */
import { UserError } from '../util/errors.js';
import type { ClassifierRates, ClassSetRates, SetRates } from './rates.js';
import type { LoadedModel } from './scorer.js';

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Which of the card's rates correct a share. */
export type RatesDomain = 'out-of-domain' | 'in-domain';
export const RATES_DOMAINS: readonly RatesDomain[] = ['out-of-domain', 'in-domain'];

/** The card's operating rates as the estimators take them; refuses a card without usable rates. */
export function ratesFromCard(model: Pick<LoadedModel, 'card' | 'dir'>, domain: RatesDomain = 'out-of-domain'): ClassifierRates {
  const chosen = domain === 'in-domain' ? model.card.ratesInDomain : model.card.rates;
  if (chosen === undefined) throw new UserError(`${model.dir}: the model card records no ${domain} rates; use --rates out-of-domain`);
  const r = chosen as unknown as Record<string, unknown>;
  if (!finite(r.threshold) || !finite(r.tpr) || !finite(r.fpr)) {
    throw new UserError(`${model.dir}: the model card has no usable ${domain} operating rates (threshold, tpr, fpr)`);
  }
  const rates: ClassifierRates = {
    threshold: r.threshold,
    tpr: r.tpr,
    fpr: r.fpr,
    source: `model card, ${domain} rates${typeof r.source === 'string' ? `: ${r.source}` : ''}`,
  };
  if (finite(r.meanScoreBot) && finite(r.meanScoreHuman)) {
    rates.meanScoreBot = r.meanScoreBot;
    rates.meanScoreHuman = r.meanScoreHuman;
  }
  if (finite(r.sdScoreBot) && finite(r.sdScoreHuman)) {
    rates.sdScoreBot = r.sdScoreBot;
    rates.sdScoreHuman = r.sdScoreHuman;
  }
  const support = r.support as Record<string, unknown> | undefined;
  if (support !== undefined && finite(support.bots) && finite(support.humans)) {
    rates.support = { bots: support.bots, humans: support.humans };
  } else if (finite(r.bots) && finite(r.humans)) {
    rates.support = { bots: r.bots, humans: r.humans };
  }
  if (Array.isArray(r.curve)) rates.curve = r.curve as ClassifierRates['curve'];
  if (domain === 'out-of-domain') {
    const perSet = perSetRates(r.perSet) ?? perSetFromEvaluation(model.card as unknown as Record<string, unknown>);
    if (perSet !== undefined && perSet.length > 0) rates.perSet = perSet;
  }
  return rates;
}

function classSetRates(n: unknown, rate: unknown, mean: unknown, sd: unknown): ClassSetRates | undefined {
  if (!finite(n) || !(n > 0) || !finite(rate)) return undefined;
  const out: ClassSetRates = { n, rate };
  if (finite(mean)) out.meanScore = mean;
  if (finite(sd)) out.sdScore = sd;
  return out;
}

/** `rates.perSet` as a card written by `train` records it. */
function perSetRates(value: unknown): SetRates[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((v: unknown): SetRates[] => {
    if (typeof v !== 'object' || v === null) return [];
    const o = v as Record<string, unknown>;
    if (typeof o.set !== 'string') return [];
    const side = (x: unknown): ClassSetRates | undefined => {
      if (typeof x !== 'object' || x === null) return undefined;
      const c = x as Record<string, unknown>;
      return classSetRates(c.n, c.rate, c.meanScore, c.sdScore);
    };
    const out: SetRates = { set: o.set };
    const bots = side(o.bots);
    const humans = side(o.humans);
    if (bots !== undefined) out.bots = bots;
    if (humans !== undefined) out.humans = humans;
    return [out];
  });
}

/**
 * Cards written before `rates.perSet`: the per-set leave-one-dataset-out results that the
 * training recorded in its evaluation, from the same cross-fitted scores as the pooled
 * out-of-domain rates (no score spread per set: the pooled one stands in).
 */
function perSetFromEvaluation(card: Record<string, unknown>): SetRates[] | undefined {
  const evaluation = card.evaluation as Record<string, unknown> | undefined;
  const lodo = evaluation?.leaveOneDatasetOut as Record<string, unknown> | undefined;
  const rows = lodo?.perDataset;
  if (!Array.isArray(rows)) return undefined;
  return rows.flatMap((v: unknown): SetRates[] => {
    if (typeof v !== 'object' || v === null) return [];
    const d = v as Record<string, unknown>;
    if (typeof d.dataset !== 'string') return [];
    const out: SetRates = { set: d.dataset };
    const bots = classSetRates(d.bots, d.tpr, d.meanScoreBot, undefined);
    const humans = classSetRates(d.humans, d.fpr, d.meanScoreHuman, undefined);
    if (bots !== undefined) out.bots = bots;
    if (humans !== undefined) out.humans = humans;
    return [out];
  });
}

