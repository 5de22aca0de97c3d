/**
 * `meshsim capacity <scenario> --slo "p99<200ms" [--peak 2x] [--survive zone|cluster|none]`:
 * reads the flags, runs the search on the sweep's workers with a line per evaluation on stderr,
 * prints the plan and writes capacity.csv, capacity-cases.csv, capacity-search.csv and
 * capacity.md. Exit 0 with a plan, 1 when no plan within --max-replicas holds, 2 on bad input.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { firstCandidate, planCapacity, prepareCapacity, type Evaluation } from '../../capacity/capacity.js';
import { capacityCsv, capacityMarkdown, casesCsv, deploymentLabels, formatPlanText, searchCsv } from '../../capacity/format.js';
import type { Survive } from '../../capacity/outages.js';
import { parsePeak } from '../../capacity/peak.js';
import type { SearchStep } from '../../capacity/search.js';
import { parseSlo, SloSyntaxError } from '../../capacity/slo.js';
import { escapeControl, escapeControlLines } from '../../model/escape.js';
import { readInputText } from '../../model/read-input.js';
import { checkOutputFolder, writeFilesBeside } from '../../report/write.js';
import { flagError } from '../../sweep/definition.js';
import { ScenarioBase } from '../../sweep/override.js';
import { createRunner } from '../../sweep/pool.js';
import type { CommandContext } from '../context.js';
import { guardExit, PLUGIN_OPTIONS, pluginToRun } from '../plugin.js';
import { preflight } from '../preflight.js';
import { checkInteger } from './sweep.js';

const COMMAND = 'meshsim capacity';

interface CapacityArgs {
  scenario: string;
  slo: string[];
  peak: string;
  survive: Survive;
  replications: number;
  requests?: number;
  workers?: number;
  'max-replicas': number;
  'replica-cost'?: string;
  'keep-faults': boolean;
  out?: string;
  'lb-plugin'?: string;
  'allow-plugins': boolean;
  strict: boolean;
}

/** `0.05`, `0.05/h`, `$0.05/h` → USD per replica-hour. */
function parseReplicaCost(text: string): number | undefined {
  const m = /^\s*\$?\s*(\d+(?:\.\d+)?)\s*(?:(?:USD)?\s*\/\s*h(?:our)?)?\s*$/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

function stepLine(s: SearchStep<Evaluation>, labels: string[]): string {
  const failing = s.result.cases.filter((c) => !c.pass).map((c) => c.case.name);
  const vector = s.replicas.map((n, i) => `${labels[i]}=${n}`).join(' ');
  return `capacity ${s.phase.padEnd(7)} ${vector}: ${s.result.pass ? 'holds' : `fails (${failing.join(', ')})`}\n`;
}

export function capacityCommand(ctx: CommandContext): CommandModule<object, CapacityArgs> {
  return {
    command: 'capacity <scenario>',
    describe: 'Find the fewest replicas per deployment that hold an SLO at peak load with any zone or cluster down',
    builder: (y) =>
      y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('slo', { type: 'string', array: true, demandOption: true, describe: 'objectives: p50|p90|p99|p999|mean|max<duration, errorRate<percent; e.g. "p99<200ms,errorRate<0.1%"' })
        .option('peak', { type: 'string', default: '1x', describe: 'multiply every traffic rate: 2x, 1.5x, 150%' })
        .option('survive', { choices: ['zone', 'cluster', 'none'] as const, default: 'none' as const, describe: 'hold the SLO with any one zone (or cluster) down' })
        .option('replications', { type: 'number', default: 3, describe: 'runs per case and candidate; the 95% upper bound of the mean must meet the SLO' })
        .option('requests', { type: 'number', describe: 'override the total number of requests of every run' })
        .option('workers', { type: 'number', describe: 'worker threads (default: the number of CPUs)' })
        .option('max-replicas', { type: 'number', default: 256, describe: 'give up above this many replicas per deployment' })
        .option('replica-cost', { type: 'string', describe: 'USD per replica-hour (e.g. 0.05/h) to price the plan' })
        .option('keep-faults', { type: 'boolean', default: false, describe: "keep the scenario's own timed faults (default: removed)" })
        .option('out', { type: 'string', describe: 'output folder (default results/<scenario name>-capacity)' })
        .option('lb-plugin', PLUGIN_OPTIONS['lb-plugin'])
        .option('allow-plugins', PLUGIN_OPTIONS['allow-plugins'])
        .option('strict', { type: 'boolean', default: false, describe: 'treat warnings (of loading and of the analyzer) as errors: exit 2 and run nothing' }) as never,
    handler: async (a) => {
      checkInteger(COMMAND, 'replications', a.replications, 1);
      checkInteger(COMMAND, 'requests', a.requests, 1);
      checkInteger(COMMAND, 'workers', a.workers, 1);
      checkInteger(COMMAND, 'max-replicas', a['max-replicas'], 1);
      if (a['lb-plugin'] === '') throw flagError(COMMAND, '--lb-plugin', 'needs a file');
      if (a.out === '') throw flagError(COMMAND, '--out', 'needs a folder');
      let objectives;
      try {
        objectives = parseSlo(a.slo);
      } catch (e) {
        if (e instanceof SloSyntaxError) throw flagError(COMMAND, '--slo', e.message);
        throw e;
      }
      const peak = parsePeak(a.peak);
      if (peak === undefined) throw flagError(COMMAND, '--peak', `expected a factor such as 2x, 1.5x or 150%, got "${a.peak}"`);
      const replicaUsdPerHour = a['replica-cost'] === undefined ? undefined : parseReplicaCost(a['replica-cost']);
      if (a['replica-cost'] !== undefined && replicaUsdPerHour === undefined) throw flagError(COMMAND, '--replica-cost', `expected USD per replica-hour such as 0.05/h, got "${a['replica-cost']}"`);
      // Everything is checked before the search (and any plug-in) starts.
      const text = readInputText(a.scenario, 'scenario');
      const request = { file: a.scenario, text, objectives, peak, survive: a.survive, replications: a.replications, maxReplicas: a['max-replicas'], keepFaults: a['keep-faults'], command: COMMAND };
      const prepared = prepareCapacity(request);
      // The analyzer on the scenario the search evaluates first (peak, faults and replicas as the
      // search sets them); load above capacity is what the search is for, not a mistake.
      const first = new ScenarioBase(text, a.scenario).load(firstCandidate(prepared, a['max-replicas']));
      preflight([first], { requests: a.requests, strict: a.strict, skip: new Set(['MS0108']) }, ctx.io);
      const pluginPath = pluginToRun(prepared.loaded, a['lb-plugin'], a['allow-plugins']);
      const dir = a.out ?? join('results', `${prepared.loaded.scenario.name}-capacity`);
      checkOutputFolder(dir);
      const workers = a.workers ?? availableParallelism();
      const labels = deploymentLabels(prepared.deployments);
      const onStep = (s: SearchStep<Evaluation>) => {
        if (!s.cached) ctx.io.err(escapeControl(stepLine(s, labels).trimEnd()) + '\n');
      };
      const started = performance.now();
      // Plug-in code runs in this thread too (loaded here first; the evaluations with one worker).
      const plan = await guardExit(pluginPath === undefined ? undefined : () => pluginPath, async () => {
        const runner = await createRunner({ text, file: a.scenario, requests: a.requests, pluginPath }, workers);
        try {
          return await planCapacity(request, runner, onStep, prepared);
        } finally {
          await runner.close();
        }
      });
      const pricing = { replicaUsdPerHour };
      const written = writeFilesBeside(dir, {
        'capacity.csv': capacityCsv(plan, pricing),
        'capacity-cases.csv': casesCsv(plan),
        'capacity-search.csv': searchCsv(plan),
        'capacity.md': capacityMarkdown(plan, pricing),
      });
      const seconds = (performance.now() - started) / 1000;
      ctx.io.out(escapeControlLines(formatPlanText(plan, pricing)) + `searched in ${seconds.toFixed(1)} s with ${workers} worker${workers === 1 ? '' : 's'}\nwrote ${escapeControl(written.join(', '))}\n`);
      // "No plan within --max-replicas" is a result, not a usage error: exit 1.
      if (!plan.planned) ctx.setExit(1);
    },
  };
}
