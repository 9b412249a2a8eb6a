/**
 * `botshare replicate`: the March 2020 case (#forzaCinaeItalia 46.3%, #grazieCina 37.1%).
 * With exports, it analyses them. Without, it first writes a SIMULATED reconstruction and
 * then analyses that exactly as it would a user's export. The order is the guarantee that
 * no estimate reads the plant: the reconstruction is written to files, the analysis
 * (`analyseStudyCorpus`) is given only the corpus file, and the ground truth is joined to
 * the finished estimates afterwards, for the comparison.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import type { BootstrapOptions } from '../estimate/bootstrap.js';
import { replicationSpec } from '../report/charts/replication.js';
import { renderSvg } from '../report/render.js';
import { assertFresh, reportOutputPaths, writeReport } from '../report/write-report.js';
import type { Summary } from '../report/summary.js';
import { runSimulation } from '../simulate/run-simulation.js';
import type { GroundTruth } from '../simulate/types.js';
import type { Scorer } from '../pipeline/load-scorer.js';
import { readLabelsFile, type LabelsFile } from '../pipeline/labeled.js';
import { sampleFromFiles } from '../pipeline/sample.js';
import { normalizeHashtag } from '../ingest/tweet.js';
import { labelFromTruth, SIMULATED_LABELER } from './simulated-labeler.js';
import { analyseStudyCorpus } from './analyse-study.js';
import { composeReplication, replicationChartRows, type ReconstructionRecord, type ReplicationRecord } from './compose.js';
import { replicationSection, simulationBanner } from './replication-section.js';
import { REPLICATION_CHART } from './replication-chart.js';
import { RECONSTRUCTION_OVERLAP, RECONSTRUCTION_REQUESTS, RECONSTRUCTION_SEED, STUDY } from './study.js';
import type { TimeWindow } from '../util/time.js';
import { parseWindow } from '../util/window.js';
import type { EstimatorEvidence } from '../estimate/evidence.js';

export interface ReconstructionSources {
  /** Folder of the public labeled sets. */
  dataDir: string;
  /** The shipped model's folder: its card lists the held-out accounts. */
  modelDir: string;
  activityFile: string;
  seed?: number;
  /** Default: the study's 47,821. */
  tweets?: number;
  /**
   * A reconstruction written beforehand (datasets/reconstruction/ in the package), used
   * when `dataDir` does not exist: a fresh clone has no labeled sets beside it.
   */
  bundled?: { corpus: string; truth: string };
}

export interface ReplicateOptions {
  /** Exports of the two hashtags; empty for the reconstruction. */
  files: readonly string[];
  outDir: string;
  scorer: Scorer;
  /** Needed when `files` is empty. */
  reconstruction?: ReconstructionSources;
  bootstrap?: Partial<BootstrapOptions>;
  /** The evaluation behind the default methods, quoted in the report. */
  evidence?: EstimatorEvidence | null;
  force?: boolean;
  png?: boolean;
  onStage?: (stage: string) => void;
  onSimulationProgress?: (written: number, total: number) => void;
}

export type ReplicationSummary = Summary & {
  reconstruction: ReconstructionRecord | null;
  replication: ReplicationRecord;
};

export interface ReplicateResult {
  summary: ReplicationSummary;
  files: string[];
}

/** The study's window, 11–23 March 2020, both days included: parsed as `--since/--until` are. */
export const STUDY_WINDOW = parseWindow(STUDY.firstDay, STUDY.lastDay) as TimeWindow;
export const STUDY_HASHTAGS: readonly string[] = STUDY.hashtags.map((h) => h.tag);

/**
 * Accounts that the reconstruction's labeled route draws (`botshare sample --hashtags` the two
 * study hashtags, so that every drawn account counts for them) and has the SIMULATED labeler
 * label. Why this many: the target is both planted shares inside their model-assisted 95%
 * intervals with half-widths of at most 3 points. The sizes and sample seeds tried on the
 * reconstruction are in docs/evidence/replication-labeled-sizes.json (`replication-sizes`
 * harness): since the jackknife's standard error is floored (src/estimate/replicates.ts), a
 * hundred labels no longer meet it, this many meet it on every seed with room,
 * and it is the whole-export design's draw in the real-exports evidence: an afternoon or two of
 * one person's labeling, the scale a study can afford, which is what the replication means to show.
 */
export const LABELED_SAMPLE_SIZE = 150;
/** The seed of that draw (`sample --seed`). */
export const LABELED_SAMPLE_SEED = 1;
/** Where the drawn and SIMULATED-labeled sample is written, under the output folder. */
export const SIMULATED_SAMPLE_DIR = 'simulated-labeled-sample';

/** A truth.json as the simulator writes it; a file that is not one is refused. */
function parseTruth(text: string, file: string): GroundTruth {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not a JSON file`);
  }
  const v = value as Partial<GroundTruth> | null;
  if (v === null || typeof v !== 'object' || v.simulated !== true || !Array.isArray(v.hashtags)) {
    throw new UserError(`${file}: not a reconstruction's truth.json (botshare simulate writes it)`);
  }
  return v as GroundTruth;
}

export async function replicate(o: ReplicateOptions): Promise<ReplicateResult> {
  const written: string[] = [];
  let truth: GroundTruth | null = null;
  let inputs = [...o.files];
  let reconstructionFiles: { corpus: string; truth: string } | undefined;

  const src = o.reconstruction;
  const useBundled = inputs.length === 0 && src?.bundled !== undefined && !existsSync(src.dataDir);
  if (useBundled && src?.bundled !== undefined) {
    const { corpus, truth: truthFile } = src.bundled;
    if (!existsSync(corpus) || !existsSync(truthFile)) {
      throw new UserError(
        `no export given, the labeled sets to build the reconstruction from are not in ${src.dataDir} (pass --data DIR), and the bundled reconstruction (${corpus}) is missing`,
      );
    }
    o.onStage?.('reading the bundled SIMULATED reconstruction (the labeled sets are not beside botshare)');
    truth = parseTruth(await readFile(truthFile, 'utf8'), truthFile);
    if (src.seed !== undefined && src.seed !== truth.seed) {
      throw new UserError(
        `the bundled reconstruction was built with seed ${truth.seed}; another seed needs the labeled sets (pass --data DIR, now ${src.dataDir})`,
      );
    }
    reconstructionFiles = { corpus, truth: truthFile };
    inputs = [corpus];
  } else if (inputs.length === 0) {
    if (src === undefined) throw new UserError('no export given and no data to build the reconstruction from');
    const dir = path.join(o.outDir, 'reconstruction');
    await mkdir(dir, { recursive: true });
    reconstructionFiles = { corpus: path.join(dir, 'corpus.jsonl.gz'), truth: path.join(dir, 'truth.json') };
    o.onStage?.('writing the SIMULATED reconstruction');
    const run = await runSimulation({
      dataDir: src.dataDir,
      modelDir: src.modelDir,
      activityFile: src.activityFile,
      tweets: src.tweets ?? STUDY.tweets,
      hashtags: RECONSTRUCTION_REQUESTS,
      overlapShare: RECONSTRUCTION_OVERLAP,
      window: STUDY_WINDOW,
      seed: src.seed ?? RECONSTRUCTION_SEED,
      corpusFile: reconstructionFiles.corpus,
      truthFile: reconstructionFiles.truth,
      force: o.force,
      onProgress: o.onSimulationProgress,
    });
    truth = run.truth;
    written.push(path.resolve(run.corpusFile), path.resolve(run.truthFile));
    inputs = [run.corpusFile];
  }

  // The estimation path: files only. Every output is checked for before the long pass.
  await assertFresh(reportOutputPaths(o.outDir, { png: o.png, extraCharts: [REPLICATION_CHART.name] }), o.force === true);
  // The route botshare recommends, on the reconstruction: draw a sample to label as a user
  // would, let the SIMULATED labeler fill its label column from the truth, and hand the file
  // to the analysis exactly as `report --labels` is handed a person's.
  let labels: LabelsFile | undefined;
  if (truth !== null) {
    const sampleDir = path.join(o.outDir, SIMULATED_SAMPLE_DIR);
    o.onStage?.(`drawing ${LABELED_SAMPLE_SIZE} accounts to label (botshare sample) and labeling them by a SIMULATED labeler from the reconstruction's truth`);
    const sample = await sampleFromFiles(inputs, o.scorer, sampleDir, {
      n: LABELED_SAMPLE_SIZE,
      seed: LABELED_SAMPLE_SEED,
      hashtags: STUDY_HASHTAGS.map(normalizeHashtag),
      force: o.force,
    });
    await labelFromTruth(path.join(sampleDir, 'sample.csv'), truth);
    written.push(...sample.files);
    labels = await readLabelsFile(path.join(sampleDir, 'sample.csv'));
  }
  const analysis = await analyseStudyCorpus(inputs, o.scorer, {
    labels,
    hashtags: STUDY_HASHTAGS,
    window: STUDY_WINDOW,
    references: STUDY.hashtags.map((h) => ({
      hashtag: h.tag.toLowerCase(),
      share: h.published,
      source: 'published (Alkemy with Formiche.net, 30 March 2020)',
    })),
    bootstrap: o.bootstrap,
    evidence: o.evidence,
    onStage: o.onStage,
  });

  // Only now does the truth meet the estimates.
  o.onStage?.('comparing with the published figures');
  const { replication, reconstruction } = composeReplication({
    summary: analysis.summary,
    activityRule: analysis.activityRule,
    filter: analysis.filter,
    files: inputs,
    truth,
    reconstructionFiles,
    labeler: labels === undefined ? undefined : SIMULATED_LABELER,
  });
  const spec = replicationSpec(replicationChartRows(replication), { simulated: truth !== null, labeled: replication.labeled_route !== null });
  const svg = await renderSvg(spec);
  const summary: ReplicationSummary = { ...analysis.summary, reconstruction, replication };
  written.push(
    ...(await writeReport(o.outDir, summary, {
      force: o.force,
      png: o.png,
      extraCharts: [{ ...REPLICATION_CHART, spec, svg }],
      sections: {
        titlePrefix: reconstruction === null ? '' : 'SIMULATION — ',
        banner: simulationBanner(reconstruction, replication.labeled_route),
        beforeAnswer: replicationSection(replication, reconstruction, svg),
        labeledTitle: reconstruction === null ? undefined : 'The labeled sample (labels by a SIMULATED labeler)',
      },
    })),
  );
  return { summary, files: written };
}
