/**
 * A summary.json read back (`botshare charts`): parsed as data (no `__proto__` key survives,
 * ../util/json.ts), and checked to be a botshare summary holding, in the right types, every
 * field the chart builders read — a file that is not one is a UserError naming the file and
 * the field, never a stack trace half-way through a chart.
 */
import { readFile } from 'node:fs/promises';
import { METHOD_NAMES } from '../estimate/types.js';
import { UserError } from '../util/errors.js';
import { parseJsonData } from '../util/json.js';
import type { Summary } from './summary.js';

class Bad extends Error {}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

function object(o: Json, key: string, at: string): Json {
  const v = own(o, key);
  if (!isObject(v)) throw new Bad(`${at}${key} must be an object`);
  return v;
}
function list(o: Json, key: string, at: string): unknown[] {
  const v = own(o, key);
  if (!Array.isArray(v)) throw new Bad(`${at}${key} must be a list`);
  return v;
}
function numberOrNull(o: Json, key: string, at: string): void {
  const v = own(o, key);
  if (v !== null && typeof v !== 'number') throw new Bad(`${at}${key} must be a number or null`);
}
function text(o: Json, key: string, at: string): void {
  if (typeof own(o, key) !== 'string') throw new Bad(`${at}${key} must be text`);
}
/** Every item of a list is an object whose `numbers` are numbers (or null). */
function rows(o: Json, key: string, at: string, numbers: readonly string[]): Json[] {
  return list(o, key, at).map((r, i) => {
    const where = `${at}${key}[${i}].`;
    if (!isObject(r)) throw new Bad(`${at}${key}[${i}] must be an object`);
    for (const n of numbers) numberOrNull(r, n, where);
    return r;
  });
}
function methodName(o: Json, at: string): void {
  const name = own(o, 'name');
  if (name !== null && !(typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name))) {
    throw new Bad(`${at}name must be one of ${METHOD_NAMES.join(', ')} or null`);
  }
}

function checkHeadline(o: Json, at: string): void {
  numberOrNull(o, 'estimate', at);
  const ci = own(o, 'ci95');
  if (ci !== null && !(Array.isArray(ci) && ci.length === 2 && ci.every((x) => x === null || typeof x === 'number'))) throw new Bad(`${at}ci95 must be [low, high] or null`);
}

function checkSeries(s: Json, at: string): void {
  numberOrNull(s, 'tweets', at);
  numberOrNull(s, 'accounts', at);
  checkHeadline(object(s, 'bot_share_tweets', at), `${at}bot_share_tweets.`);
  checkHeadline(object(s, 'bot_share_accounts', at), `${at}bot_share_accounts.`);
  const methods = object(s, 'methods', at);
  for (const unit of ['tweets', 'accounts']) {
    const m = object(methods, unit, `${at}methods.`);
    for (const name of Object.keys(m)) {
      const f = object(m, name, `${at}methods.${unit}.`);
      numberOrNull(f, 'estimate', `${at}methods.${unit}.${name}.`);
    }
  }
  rows(s, 'threshold_sensitivity', at, ['threshold', 'cc_tweets', 'cc_accounts']);
  rows(s, 'score_distribution', at, ['from', 'to', 'tweets', 'accounts']);
  for (const [i, d] of rows(s, 'daily', at, ['tweets']).entries()) {
    text(d, 'date', `${at}daily[${i}].`);
    object(d, 'bot_tweets', `${at}daily[${i}].`);
  }
}

/** The parsed JSON as a Summary, or Bad naming the first field that is not as a summary has it. */
function checkSummary(x: unknown): Summary {
  if (!isObject(x) || !isObject(own(x, 'generator')) || own(own(x, 'generator') as Json, 'name') !== 'botshare' || !isObject(own(x, 'overall'))) {
    throw new Bad('not a botshare summary.json (it has no generator "botshare" and no overall figures)');
  }
  methodName(object(x, 'default_method', ''), 'default_method.');
  methodName(object(x, 'default_method_accounts', ''), 'default_method_accounts.');
  numberOrNull(object(x, 'classifier', ''), 'threshold', 'classifier.');
  checkSeries(object(x, 'overall', ''), 'overall.');
  for (const [i, h] of list(x, 'hashtags', '').entries()) {
    if (!isObject(h)) throw new Bad(`hashtags[${i}] must be an object`);
    text(h, 'hashtag', `hashtags[${i}].`);
    checkSeries(h, `hashtags[${i}].`);
  }
  for (const [i, r] of rows(x, 'references', '', ['share']).entries()) text(r, 'hashtag', `references[${i}].`);
  for (const [i, a] of rows(x, 'top_accounts', '', ['tweets', 'score']).entries()) {
    text(a, 'user_id', `top_accounts[${i}].`);
    list(a, 'top_features', `top_accounts[${i}].`);
  }
  const labeled = own(x, 'labeled');
  if (labeled !== undefined) {
    if (!isObject(labeled)) throw new Bad('labeled must be an object');
    for (const [i, a] of rows(labeled, 'accounts', 'labeled.', ['rank', 'public_score', 'prediction']).entries()) text(a, 'label', `labeled.accounts[${i}].`);
  }
  return x as unknown as Summary;
}

export async function readSummaryFile(file: string): Promise<Summary> {
  const body = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`${file}: cannot read it (${err.code ?? err.message})`);
  });
  let value: unknown;
  try {
    value = parseJsonData(body);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return checkSummary(value);
  } catch (err) {
    if (err instanceof Bad) throw new UserError(`${file}: ${err.message.startsWith('not a') ? err.message : `not a botshare summary.json as this version writes it: ${err.message}`}`);
    throw err;
  }
}
