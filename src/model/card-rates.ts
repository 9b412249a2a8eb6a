/**
 * The model card's operating rates as the estimators take them. The card records two sets:
 * measured out of domain (each set scored by a network trained without it: for exports unlike
 * the training sets) and in domain (accounts like the training sets, scored out of fold).
 */
import { UserError } from '../util/errors.js';
import type { ClassifierRates } from './rates.js';
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
  return rates;
}
