/**
 * meshsim's analyzer, modelled on `istioctl analyze`: every check (checks/, one per file) runs over
 * the loaded scenario and reports findings with a code, a level (error / warning / info), the
 * file, line, column and field path, and a fix. `meshsim validate` prints them; `meshsim run`
 * prints them before running (errors stop it; `--strict` stops it on warnings too).
 *
 * Some checks of the same family run at load, with Istio's validation, because the simulator
 * cannot run without them (IST0101 on a route a caller takes) or because Istio's webhook makes them
 * (IST0130, IST0131, MS0110): they carry their codes too, and `withFixes` gives them their fix line.
 *
 * Example:
 *   const loaded = loadScenarioFile('scenario.yaml');
 *   for (const d of analyze(loaded, { requests: 1e6 })) console.error(formatDiagnostic(d));
 */
import type { Diagnostic } from '../model/diagnostics.js';
import type { LoadedScenario } from '../model/load.js';
import { CHECKS } from './catalogue.js';
import { AnalysisContext, type AnalyzeOptions } from './context.js';
import { conflictingVirtualServices } from './checks/conflicting-virtual-services.js';
import { faultMatchesNoEndpoint } from './checks/fault-matches-no-endpoint.js';
import { faultOutsideRun } from './checks/fault-outside-run.js';
import { localityFailover, localityFailoverCases } from './checks/locality-failover.js';
import { networkWithoutGateway } from './checks/network-without-gateway.js';
import { overCapacity } from './checks/over-capacity.js';
import { requestsCapped } from './checks/requests-capped.js';
import { serviceWithoutReplicas } from './checks/service-without-replicas.js';
import { shadowedDestinationRule } from './checks/shadowed-destination-rule.js';
import { subsetSelectsNoPods } from './checks/subset-selects-no-pods.js';
import { unknownDestinationRuleHost } from './checks/unknown-destination-rule-host.js';
import { virtualServiceHosts } from './checks/virtual-service-hosts.js';

export type { AnalyzeOptions } from './context.js';

type Analyzer = (ctx: AnalysisContext) => Diagnostic[];

/** Istio's checks first (resources), then the scenario's (replicas, faults, networks, load). */
const ANALYZERS: readonly Analyzer[] = [
  unknownDestinationRuleHost,
  subsetSelectsNoPods,
  virtualServiceHosts,
  conflictingVirtualServices,
  shadowedDestinationRule,
  serviceWithoutReplicas,
  faultMatchesNoEndpoint,
  faultOutsideRun,
  networkWithoutGateway,
  requestsCapped,
  localityFailover,
  overCapacity,
];

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Files in the order the scenario names them (the scenario file first), then by line. */
export function sortFindings(findings: readonly Diagnostic[], scenarioFile: string): Diagnostic[] {
  const files = new Map<string, number>([[scenarioFile, 0]]);
  for (const d of findings) if (!files.has(d.file)) files.set(d.file, files.size);
  return findings
    .map((d, i) => ({ d, i }))
    .sort((x, y) => files.get(x.d.file)! - files.get(y.d.file)! || (x.d.line ?? 0) - (y.d.line ?? 0) || (x.d.column ?? 0) - (y.d.column ?? 0) || RANK[x.d.severity] - RANK[y.d.severity] || x.i - y.i)
    .map((x) => x.d);
}

/** Every finding of the analyzer on a loaded scenario (its load warnings are not repeated). */
export function analyze(loaded: LoadedScenario, options: AnalyzeOptions = {}): Diagnostic[] {
  const ctx = new AnalysisContext(loaded, options);
  return sortFindings(ANALYZERS.flatMap((a) => a(ctx)), loaded.scenario.file);
}

/** Gives coded diagnostics made at load (IST0130, MS0110, ...) the fix line of their check. */
export function withFixes(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => {
    const fix = d.code !== undefined && d.hint === undefined ? CHECKS.get(d.code)?.fix : undefined;
    return fix === undefined ? d : { ...d, hint: fix };
  });
}

/**
 * The notes the run summary prints (report/text.ts): for each cluster whose locality failover
 * Istio drops because its DestinationRule has no outlierDetection, one line saying so — the
 * numbers alone look like a locality setting that works.
 */
export function localityNotes(loaded: LoadedScenario): string[] {
  return localityFailoverCases(new AnalysisContext(loaded)).map((c) => c.note);
}
