/** The model card's section on the nested choice among model families (markdown lines). */
import type { NestedSelectionResult } from './nested-selection.js';

const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));

export function renderNestedSelection(n: NestedSelectionResult, forest?: Record<string, number>): string[] {
  const out: string[] = ['### Nested selection of the model family', ''];
  out.push(
    `Rule: ${n.rule}. Every candidate fitted on at most ${n.maxAccountsPerCell} training accounts per data set × class (seeded subsample, to fit the compute budget), so its figures differ from the full-size protocol above.`,
    '',
  );
  const head = n.sets.map((d) => ` ${d} |`).join('');
  const rule = n.sets.map(() => '---:|').join('');
  out.push(`| candidate | what |${head} LODO mean |`, `|---|---|${rule}---:|`);
  for (const c of n.candidates) out.push(`| ${c.name} | ${c.description} |${n.sets.map((d) => ` ${fmt(c.outerAuc[d])} |`).join('')} ${fmt(c.outerMean)} |`);
  out.push(`| **the procedure** (nested choice per set) | below |${n.sets.map((d) => ` ${fmt(n.procedure.outerAuc[d])} |`).join('')} ${fmt(n.procedure.mean)} |`);
  if (forest) {
    const values = n.sets.map((d) => forest[d]);
    const mean = values.every((v) => v !== undefined) ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    out.push(`| reference forest | models/reference-forest.json |${values.map((v) => ` ${fmt(v)} |`).join('')} ${fmt(mean)} |`);
  }
  out.push('', '| left out | chosen | its inner mean | best other (inner mean) | outer AUC of the choice |', '|---|---|---:|---|---:|');
  for (const f of n.folds) {
    const others = Object.entries(f.innerMean).filter(([c]) => c !== f.chosen).sort((a, b) => b[1] - a[1]);
    out.push(`| ${f.leftOut} | ${f.chosen} | ${fmt(f.innerMean[f.chosen])} | ${others[0] ? `${others[0][0]} (${fmt(others[0][1])})` : '–'} | ${fmt(f.outerAuc)} |`);
  }
  out.push('', `Picked on all sets: **${n.chosen}**. Shipped: **${n.shipped}** (${n.shippedWhy}). Inner AUCs per candidate and set are in card.json (evaluation.nestedSelection).`, '');
  return out;
}
