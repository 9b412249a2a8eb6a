/**
 * The script of label.html, as text: it runs in the researcher's browser, not in Node. It
 * reads the JSON block, builds every element with createElement/textContent (never
 * innerHTML: the data is hostile), keeps labels and the labeler's name in localStorage under
 * the sample id, and exports sample.csv by filling the label and labeler cells into lines that
 * `sampleCsvParts` wrote (`csvText` guards the name as `labelerCell` does).
 * The page's CSP allows this text by its hash, so it must not depend on anything outside.
 */
export const LABEL_PAGE_SCRIPT = String.raw`
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('sample-data').textContent);
  const accounts = data.accounts;
  const n = accounts.length;
  const KEYS = { b: 'bot', h: 'human', u: 'unsure' };
  const VALID = new Set(['bot', 'human', 'unsure']);
  const labels = new Array(n).fill(null);
  const labelerInput = document.getElementById('labeler');
  let cursor = 0;
  let lastLabeled = -1;
  const app = document.getElementById('app');
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svgEl(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function storageWarning() {
    document.getElementById('storage-warning').hidden = false;
  }

  // Labels saved as [userId, label] pairs: read into a Map, never onto an object.
  function load() {
    let raw = null;
    try {
      raw = window.localStorage.getItem(data.storageKey);
    } catch (e) {
      storageWarning();
      return;
    }
    if (raw === null) return;
    let saved;
    try {
      saved = JSON.parse(raw);
    } catch (e) {
      return;
    }
    if (!saved || !Array.isArray(saved.labels)) return;
    if (typeof saved.labeler === 'string') labelerInput.value = saved.labeler;
    const byId = new Map();
    for (const p of saved.labels) {
      if (Array.isArray(p) && typeof p[0] === 'string' && VALID.has(p[1])) byId.set(p[0], p[1]);
    }
    accounts.forEach((a, i) => {
      if (byId.has(a.userId)) labels[i] = byId.get(a.userId);
    });
  }
  function save() {
    const pairs = [];
    accounts.forEach((a, i) => {
      if (labels[i] !== null) pairs.push([a.userId, labels[i]]);
    });
    try {
      window.localStorage.setItem(data.storageKey, JSON.stringify({ sampleId: data.sampleId, savedAt: new Date().toISOString(), labeler: labelerInput.value, labels: pairs }));
    } catch (e) {
      storageWarning();
    }
  }
  function firstUnlabeled() {
    const i = labels.indexOf(null);
    return i < 0 ? n : i;
  }

  function bars(values, width, height, titles) {
    const max = Math.max(1, ...values);
    const w = width / values.length;
    const svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, preserveAspectRatio: 'none', class: 'bars', role: 'img' });
    svg.appendChild(svgEl('line', { x1: 0, x2: width, y1: height - 0.5, y2: height - 0.5, class: 'axis' }));
    values.forEach((v, i) => {
      if (v <= 0) return;
      const h = Math.max(1.5, (v / max) * (height - 2));
      const r = svgEl('rect', { x: i * w + w * 0.1, y: height - h, width: Math.max(w * 0.8, 0.6), height: h });
      const t = svgEl('title', {});
      t.textContent = titles[i] + ': ' + v + (v === 1 ? ' tweet' : ' tweets');
      r.appendChild(t);
      svg.appendChild(r);
    });
    return svg;
  }
  function dayName(i) {
    const d = new Date(Date.parse(data.period.start + 'T00:00:00Z') + i * 86400000);
    return d.toISOString().slice(0, 10);
  }
  function activity(a) {
    const box = el('section', 'activity');
    const daily = el('div', 'chart daily');
    daily.appendChild(el('h3', null, 'Tweets per day (UTC), ' + data.period.start + ' to ' + data.period.end));
    daily.appendChild(bars(a.daily, 600, 56, a.daily.map((_, i) => dayName(i))));
    const ends = el('div', 'ends');
    ends.appendChild(el('span', null, data.period.start));
    ends.appendChild(el('span', null, 'busiest day: ' + Math.max(0, ...a.daily)));
    ends.appendChild(el('span', null, data.period.end));
    daily.appendChild(ends);
    const hourly = el('div', 'chart hourly');
    hourly.appendChild(el('h3', null, 'By hour of day (UTC)'));
    hourly.appendChild(bars(a.hourly, 240, 56, a.hourly.map((_, h) => (h < 10 ? '0' : '') + h + ':00')));
    const hends = el('div', 'ends');
    for (const h of ['0h', '6h', '12h', '18h', '24h']) hends.appendChild(el('span', null, h));
    hourly.appendChild(hends);
    box.appendChild(daily);
    box.appendChild(hourly);
    return box;
  }

  function profile(a) {
    const box = el('section', 'profile');
    box.appendChild(el('h1', 'name', a.name || '(no name)'));
    const handle = el('div', 'handle');
    handle.appendChild(el('span', 'screen', a.screenName ? '@' + a.screenName : '(no screen name)'));
    handle.appendChild(el('span', 'muted', ' · id ' + a.userId));
    box.appendChild(handle);
    box.appendChild(el('p', 'description' + (a.description ? '' : ' muted'), a.description || '(no description)'));
    const counts = el('dl', 'counts');
    for (const [k, v] of a.counts) {
      const d = el('div');
      d.appendChild(el('dd', null, v));
      d.appendChild(el('dt', null, k));
      counts.appendChild(d);
    }
    box.appendChild(counts);
    const facts = el('dl', 'facts');
    const fact = (k, v) => {
      facts.appendChild(el('dt', null, k));
      facts.appendChild(el('dd', null, v));
    };
    fact('created', a.created);
    if (a.age) fact('age', a.age);
    if (a.rate) fact('pace', a.rate);
    if (a.kinds) fact('its tweets here', a.kinds);
    box.appendChild(facts);
    box.appendChild(el('h3', null, 'Clients it posted from'));
    const sources = el('ul', 'sources');
    if (a.sources.length === 0) sources.appendChild(el('li', 'muted', 'not in the export'));
    for (const [name, k] of a.sources) {
      const li = el('li');
      li.appendChild(el('span', null, name));
      li.appendChild(el('span', 'num', k));
      sources.appendChild(li);
    }
    box.appendChild(sources);
    return box;
  }

  function tweetList(a) {
    const box = el('section', 'tweets');
    const shown = a.tweets.length;
    box.appendChild(el('h2', null, 'Its tweets in the export: ' + a.tweetTotal + (a.more > 0 ? ' (the first ' + shown + ' shown)' : '')));
    const list = el('ol', 'tweet-list');
    for (const [time, gap, kind, text] of a.tweets) {
      const li = el('li');
      const meta = el('div', 'meta');
      meta.appendChild(el('time', null, time));
      if (gap) meta.appendChild(el('span', 'gap', gap));
      if (kind) meta.appendChild(el('span', 'kind kind-' + kind, kind));
      li.appendChild(meta);
      li.appendChild(el('div', 'text', text));
      list.appendChild(li);
    }
    box.appendChild(list);
    if (a.more > 0) box.appendChild(el('p', 'more', '… and ' + a.more + ' more tweet' + (a.more === 1 ? '' : 's') + ' in the export, not shown.'));
    return box;
  }

  function scoreText(i) {
    const s = accounts[i].score;
    return s === null ? 'no model score' : 'model score ' + s.toFixed(2);
  }

  function controls(i) {
    const box = el('div', 'controls');
    for (const [key, label] of [['b', 'bot'], ['h', 'human'], ['u', 'unsure']]) {
      const b = el('button', 'label-button ' + label + (labels[i] === label ? ' chosen' : ''));
      b.type = 'button';
      b.dataset.label = label;
      b.appendChild(el('span', 'word', label.charAt(0).toUpperCase() + label.slice(1)));
      b.appendChild(el('kbd', null, key));
      b.addEventListener('click', () => give(label));
      box.appendChild(b);
    }
    const nav = el('div', 'nav');
    const back = el('button', 'nav-button', '← back');
    back.type = 'button';
    back.id = 'back';
    back.disabled = cursor === 0;
    back.addEventListener('click', goBack);
    const fwd = el('button', 'nav-button', 'forward →');
    fwd.type = 'button';
    fwd.id = 'forward';
    fwd.disabled = cursor >= firstUnlabeled();
    fwd.addEventListener('click', goForward);
    nav.appendChild(back);
    nav.appendChild(fwd);
    box.appendChild(nav);
    return box;
  }

  function statusLine(i) {
    const line = el('div', 'status');
    const first = firstUnlabeled();
    line.appendChild(el('span', 'rank', 'Account ' + (i + 1) + ' of ' + n));
    if (labels[i] === null) {
      line.appendChild(el('span', 'hint', i === first ? 'the first unlabeled account: rows are labeled in order' : 'unlabeled'));
    } else {
      const s = el('span', 'revealed');
      s.id = 'score';
      s.appendChild(el('span', null, 'your label: '));
      s.appendChild(el('strong', 'label-' + labels[i], labels[i]));
      s.appendChild(el('span', null, ' · ' + scoreText(i)));
      line.appendChild(s);
      line.appendChild(el('span', 'hint', 'press b, h or u to change it'));
    }
    return line;
  }

  function lastReveal() {
    const box = el('div', 'last');
    box.id = 'last';
    if (lastLabeled < 0) return box;
    const i = lastLabeled;
    const a = accounts[i];
    box.appendChild(el('span', 'muted', 'Just labeled: '));
    box.appendChild(el('span', null, '#' + (i + 1) + ' ' + (a.screenName ? '@' + a.screenName : 'id ' + a.userId) + ' → '));
    box.appendChild(el('strong', 'label-' + labels[i], labels[i] || ''));
    box.appendChild(el('span', null, ' · ' + scoreText(i)));
    box.appendChild(el('span', 'muted', ' — ' + data.scoreMeaning));
    return box;
  }

  function doneView() {
    const box = el('section', 'done');
    box.appendChild(el('h1', null, 'All ' + n + ' accounts are labeled.'));
    const c = { bot: 0, human: 0, unsure: 0 };
    for (const l of labels) if (l) c[l]++;
    box.appendChild(el('p', null, c.bot + ' bot · ' + c.human + ' human · ' + c.unsure + ' unsure. Export sample.csv and give it to botshare report with --labels.'));
    const exp = el('button', 'export-done', 'Export sample.csv');
    exp.type = 'button';
    exp.addEventListener('click', exportCsv);
    box.appendChild(exp);
    const again = el('button', 'nav-button', '← back to the last account');
    again.type = 'button';
    again.addEventListener('click', goBack);
    box.appendChild(again);
    return box;
  }

  function render() {
    const k = firstUnlabeled();
    document.getElementById('progress-text').textContent = k + ' of ' + n + ' labeled' + (labels.slice(k).some((l) => l !== null) ? ' (later labels wait for this one)' : '');
    document.getElementById('progress-fill').style.width = (n === 0 ? 100 : (100 * k) / n) + '%';
    app.replaceChildren();
    app.appendChild(lastReveal());
    if (cursor >= n) {
      app.appendChild(doneView());
      return;
    }
    const a = accounts[cursor];
    const card = el('article', 'account' + (labels[cursor] === null ? '' : ' labeled'));
    card.dataset.rank = String(a.rank);
    card.appendChild(statusLine(cursor));
    card.appendChild(controls(cursor));
    card.appendChild(activity(a));
    const grid = el('div', 'grid');
    grid.appendChild(profile(a));
    grid.appendChild(tweetList(a));
    card.appendChild(grid);
    app.appendChild(card);
  }

  function give(label) {
    if (cursor >= n) return;
    labels[cursor] = label;
    lastLabeled = cursor;
    save();
    cursor = Math.min(cursor + 1, firstUnlabeled());
    render();
    window.scrollTo(0, 0);
  }
  function goBack() {
    if (cursor > 0) {
      cursor--;
      render();
    }
  }
  function goForward() {
    if (cursor < firstUnlabeled()) {
      cursor++;
      render();
    }
  }

  // The labeler's cell as labelerCell (src/labeled/sample-csv.ts) writes it: an apostrophe
  // doubled, a formula start guarded with one, quotes where CSV needs them.
  function csvText(value) {
    let t = value.trim();
    if (t.startsWith("'")) t = "'" + t;
    else if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

  function exportCsv() {
    const who = csvText(labelerInput.value);
    let text = data.csvHeader;
    accounts.forEach((a, i) => {
      text += a.csvBefore + (labels[i] || '') + a.csvAfter + (labels[i] ? who : '') + '\n';
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = el('a');
    link.href = url;
    link.download = 'sample.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  document.addEventListener('keydown', (e) => {
    // A held key repeats: it must not label a run of accounts.
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    // Typing the labeler's name is not labeling.
    if (e.target === labelerInput) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (Object.prototype.hasOwnProperty.call(KEYS, key)) give(KEYS[key]);
    else if (key === 'Backspace' || key === 'ArrowLeft') goBack();
    else if (key === 'ArrowRight') goForward();
    else return;
    e.preventDefault();
  });
  document.getElementById('export').addEventListener('click', exportCsv);
  labelerInput.addEventListener('change', save);
  labelerInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') labelerInput.blur();
  });

  load();
  cursor = firstUnlabeled();
  render();
})();
`;
