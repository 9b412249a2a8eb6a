/** Reads and checks datasets/activity-model.json (written by fit-activity.ts). */
import { readFileSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import type { ActivityModel, BehaviourTemplate, ClassBehaviour } from './types.js';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fail(file: string, what: string): never {
  throw new UserError(`${file}: not a botshare activity model (${what})`);
}

function field(o: Obj, key: string, file: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key)) fail(file, `missing "${key}"`);
  return o[key];
}

function numbers(x: unknown, file: string, what: string): number[] {
  if (!Array.isArray(x) || !x.every((v) => typeof v === 'number' && Number.isFinite(v))) fail(file, `${what} must be numbers`);
  return x as number[];
}

function text(x: unknown, file: string, what: string): string {
  if (typeof x !== 'string') fail(file, `${what} must be text`);
  return x;
}

function behaviour(x: unknown, file: string, what: string): ClassBehaviour {
  if (!isObj(x)) fail(file, `${what} must be an object`);
  const clientsRaw = field(x, 'clients', file);
  if (!Array.isArray(clientsRaw) || !clientsRaw.every((c) => typeof c === 'string')) fail(file, `${what}.clients must be strings`);
  const clients = clientsRaw as string[];
  const templatesRaw = field(x, 'templates', file);
  if (!Array.isArray(templatesRaw) || templatesRaw.length === 0) fail(file, `${what}.templates must be a non-empty list`);
  const templates: BehaviourTemplate[] = templatesRaw.map((t, i) => {
    const v = numbers(t, file, `${what}.templates[${i}]`);
    if (v.length < 4 || v.length % 2 !== 0) fail(file, `${what}.templates[${i}] has the wrong length`);
    const mix: Array<[number, number]> = [];
    for (let j = 2; j < v.length; j += 2) {
      if (!Number.isInteger(v[j]) || v[j] < 0 || v[j] >= clients.length) fail(file, `${what}.templates[${i}] names an unknown client`);
      mix.push([v[j], v[j + 1]]);
    }
    if (v[0] < 0 || v[1] < 0 || v[0] + v[1] > 1 + 1e-9) fail(file, `${what}.templates[${i}] has impossible shares`);
    return { retweetShare: v[0], replyShare: v[1], clients: mix };
  });
  return { source: text(field(x, 'source', file), file, `${what}.source`), clients, templates };
}

function hours(x: unknown, file: string, what: string): number[] {
  const v = numbers(x, file, what);
  if (v.length !== 24 || v.some((w) => w < 0) || v.every((w) => w === 0)) fail(file, `${what} must be 24 non-negative weights`);
  return v;
}

/** Parses the JSON text of an activity model. */
export function parseActivityModel(json: string, file: string): ActivityModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    fail(file, err instanceof Error ? err.message : 'invalid JSON');
  }
  if (!isObj(raw)) fail(file, 'the top level must be an object');
  const human = field(raw, 'human', file);
  const bot = field(raw, 'bot', file);
  if (!isObj(human) || !isObj(bot)) fail(file, '"human" and "bot" must be objects');
  const ha = field(human, 'activity', file);
  if (!isObj(ha)) fail(file, 'human.activity must be an object');
  const accountsRaw = field(ha, 'accounts', file);
  if (!Array.isArray(accountsRaw) || accountsRaw.length === 0) fail(file, 'human.activity.accounts must be a non-empty list');
  const accounts = accountsRaw.map((row, i): [number, number, number] => {
    const v = numbers(row, file, `human.activity.accounts[${i}]`);
    if (v.length !== 3 || !v.every((n) => Number.isInteger(n) && n >= 1) || v[1] > v[0]) {
      fail(file, `human.activity.accounts[${i}] must be [tweets, days ≤ tweets, accounts], whole and positive`);
    }
    return [v[0], v[1], v[2]];
  });
  const ba = field(bot, 'activity', file);
  if (!isObj(ba)) fail(file, 'bot.activity must be an object');
  const [minRate, maxRate, rateShape] = ['minRate', 'maxRate', 'rateShape'].map((k) => {
    const v = field(ba, k, file);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(file, `bot.activity.${k} must be a positive number`);
    return v;
  });
  if (minRate >= maxRate) fail(file, 'bot.activity.minRate must be below maxRate');
  return {
    about: text(field(raw, 'about', file), file, 'about'),
    human: {
      activity: { source: text(field(ha, 'source', file), file, 'human.activity.source'), accounts },
      hourWeights: hours(field(human, 'hourWeights', file), file, 'human.hourWeights'),
      hourSource: text(field(human, 'hourSource', file), file, 'human.hourSource'),
      behaviour: behaviour(field(human, 'behaviour', file), file, 'human.behaviour'),
    },
    bot: {
      activity: { source: text(field(ba, 'source', file), file, 'bot.activity.source'), minRate, maxRate, rateShape },
      hourWeights: hours(field(bot, 'hourWeights', file), file, 'bot.hourWeights'),
      hourSource: text(field(bot, 'hourSource', file), file, 'bot.hourSource'),
      behaviour: behaviour(field(bot, 'behaviour', file), file, 'bot.behaviour'),
    },
  };
}

export function loadActivityModel(file: string): ActivityModel {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read the activity model (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseActivityModel(json, file);
}
