/**
 * `meshsim capacity`: the fewest replicas per deployment that hold the SLO at the peak load in
 * every outage case. Each candidate vector of replica counts is evaluated by running the scenario
 * (rates times the peak factor, the scenario's own timed faults removed, the case's lost
 * deployments at 0 replicas) with R replications per case on the sweep's workers; every
 * evaluation uses the same seeds (scenario seed + r), so candidates are compared on common random
 * numbers. The search itself is in search.ts; what an outage is, in outages.ts.
 */
import { parse as parseYaml } from 'yaml';
import { InputError } from '../model/diagnostics.js';
import { loadScenarioText } from '../model/load.js';
import { failureOf } from '../sweep/job.js';
import type { JobRunner } from '../sweep/pool.js';
import type { Override } from '../sweep/override.js';
import { ScenarioBase } from '../sweep/override.js';
import { deploymentsOf, impossibleCases, outageCases, type DeploymentRef, type OutageCase, type Survive } from './outages.js';
import { peakOverrides } from './peak.js';
import { searchReplicas, type SearchStep } from './search.js';
import { judge, type Objective, type ObjectiveResult } from './slo.js';

export interface CapacityRequest {
  file: string;
  text: string;
  objectives: Objective[];
  peak: number;
  survive: Survive;
  replications: number;
  maxReplicas: number;
  /** Keep the scenario's own timed faults (default: removed, so only the outage cases count). */
  keepFaults: boolean;
  /** For messages (`meshsim capacity`). */
  command: string;
}

export interface CaseResult {
  case: OutageCase;
  objectives: ObjectiveResult[];
  pass: boolean;
}

export interface Evaluation {
  pass: boolean;
  cases: CaseResult[];
}

export interface CapacityPlan {
  name: string;
  hash: string;
  request: Omit<CapacityRequest, 'text'>;
  deployments: DeploymentRef[];
  cases: OutageCase[];
  /** Planned replicas per deployment; undefined when no plan within maxReplicas holds. */
  planned: number[] | undefined;
  /** The plan's evaluation (or, without a plan, the last failing one). */
  result: Evaluation;
  /** Per deployment, the failing evaluation with one replica fewer (undefined at 1). */
  binding: (Evaluation | undefined)[];
  steps: SearchStep<Evaluation>[];
  evaluations: number;
}

/** Checks the request against the scenario; returns what the search needs. Throws InputError. */
export function prepareCapacity(req: CapacityRequest) {
  const loaded = loadScenarioText(req.text, req.file);
  const deployments = deploymentsOf(loaded.scenario);
  const cases = outageCases(deployments, req.survive);
  const impossible = impossibleCases(loaded.scenario, deployments, cases);
  if (impossible.length > 0) throw new InputError(impossible.map((message) => ({ severity: 'error' as const, file: req.command, path: '--survive', message })));
  const doc = parseYaml(req.text) as { traffic: { rate: string | number }[] };
  const fixed: Override[] = [
    ...(req.peak === 1 ? [] : peakOverrides(doc.traffic.map((t) => t.rate), req.peak, `--peak ${req.peak}x`)),
    ...(req.keepFaults || loaded.scenario.faults.length === 0 ? [] : [{ path: ['faults'], value: [], label: '(faults removed)' }]),
  ];
  new ScenarioBase(req.text, req.file).load(fixed); // a peak rate the schema refuses is reported now
  return { loaded, deployments, cases, fixed };
}

function replicaOverrides(deps: readonly DeploymentRef[], x: readonly number[], down: readonly number[]): Override[] {
  return deps.map((d, i) => ({ path: ['services', d.service, 'deployments', d.deployment, 'replicas'], value: down.includes(i) ? 0 : x[i], label: '(capacity plan)' }));
}

export type PreparedCapacity = ReturnType<typeof prepareCapacity>;

/**
 * The overrides of the scenario the search evaluates first, in the case without an outage: the
 * peak and fault overrides and the scenario's replicas brought into [1, maxReplicas]. The CLI's
 * analyzer looks at this scenario, since the one as written never runs.
 */
export function firstCandidate(prepared: PreparedCapacity, maxReplicas: number): Override[] {
  const start = prepared.deployments.map((d) => Math.min(maxReplicas, Math.max(1, d.replicas)));
  return [...prepared.fixed, ...replicaOverrides(prepared.deployments, start, [])];
}

/** Runs the search; `prepared`: what prepareCapacity(req) returned, when the caller already checked the request. */
export async function planCapacity(req: CapacityRequest, runner: JobRunner, onStep?: (s: SearchStep<Evaluation>) => void, prepared: PreparedCapacity = prepareCapacity(req)): Promise<CapacityPlan> {
  const { loaded, deployments, cases, fixed } = prepared;
  let nextId = 0;
  const evaluate = async (x: number[]): Promise<Evaluation> => {
    const results = await Promise.all(
      cases.map((c) => runner.run({ id: nextId++, overrides: [...fixed, ...replicaOverrides(deployments, x, c.down)], replications: req.replications })),
    );
    const caseResults = results.map((res, k): CaseResult => {
      if (!res.ok) throw failureOf(res);
      const objectives = judge(req.objectives, res.rows.map((row) => row.metrics));
      return { case: cases[k], objectives, pass: objectives.every((o) => o.pass) };
    });
    return { pass: caseResults.every((c) => c.pass), cases: caseResults };
  };
  const steps: SearchStep<Evaluation>[] = [];
  const out = await searchReplicas({
    start: deployments.map((d) => d.replicas),
    min: 1,
    max: req.maxReplicas,
    evaluate,
    onStep: (s) => {
      steps.push(s);
      onStep?.(s);
    },
  });
  const { text: _text, ...request } = req;
  return {
    name: loaded.scenario.name,
    hash: loaded.hash,
    request,
    deployments,
    cases,
    planned: out.replicas,
    result: out.result,
    binding: out.binding,
    steps,
    evaluations: out.evaluations,
  };
}
