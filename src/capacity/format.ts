/**
 * A capacity plan as a terminal table, CSVs and Markdown (pure formatters):
 * - `capacity.csv`: one row per deployment: now, planned, what binds it, cost;
 * - `capacity-cases.csv`: the plan in each outage case: each objective's mean and 95 % bound;
 * - `capacity-search.csv`: every vector the search evaluated, in order, with its verdict;
 * - `capacity.md`: the two tables for a design review.
 */
import { stringify } from 'csv-stringify/sync';
import { VERSION } from '../version.js';
import { round6 } from '../sweep/metrics.js';
import type { CapacityPlan, Evaluation } from './capacity.js';
import type { DeploymentRef } from './outages.js';
import { formatResult } from './slo.js';

/** Hours in a month, as cloud price lists count them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

export interface Pricing {
  /** USD per replica-hour (`--replica-cost`), when known. */
  replicaUsdPerHour?: number;
}

/** `helloworld.sample cluster1/us-west1-a`, with `#j` when a service has two deployments there. */
export function deploymentLabels(deps: readonly DeploymentRef[]): string[] {
  const base = deps.map((d) => `${d.serviceName} ${d.cluster}/${d.zone}${d.subzone ? `/${d.subzone}` : ''}`);
  return base.map((b, i) => (base.filter((x) => x === b).length > 1 ? `${b}#${deps[i].deployment}` : b));
}

/** What fails with one replica fewer: `zone us-west1-b: p99 231ms`. */
export function bindingText(e: Evaluation | undefined): string {
  if (!e) return 'at the minimum (1)';
  const failing = e.cases.filter((c) => !c.pass);
  return failing.map((c) => `${c.case.name}: ${c.objectives.filter((o) => !o.pass).map(formatResult).join(', ')}`).join('; ');
}

function table(rows: string[][], right: boolean[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

const usd = (x: number) => `$${x.toFixed(2)}`;

function header(p: CapacityPlan): string {
  const r = p.request;
  return `${p.name} · peak ${r.peak}x · survive ${r.survive} (${p.cases.length} cases: ${p.cases.map((c) => c.name).join(', ')}) · SLO ${r.objectives.map((o) => o.text).join(', ')} · ${r.replications} replication${r.replications === 1 ? '' : 's'} per case`;
}

function costLine(p: CapacityPlan, pricing: Pricing): string | undefined {
  if (pricing.replicaUsdPerHour === undefined || !p.planned) return undefined;
  const n = p.planned.reduce((a, b) => a + b, 0);
  const h = n * pricing.replicaUsdPerHour;
  return `cost: ${n} replicas x ${usd(pricing.replicaUsdPerHour)}/h = ${usd(h)}/h, ${usd(h * HOURS_PER_MONTH)}/month (${HOURS_PER_MONTH} h)`;
}

function deploymentRows(p: CapacityPlan): string[][] {
  return p.deployments.map((d, i) => [d.serviceName, d.cluster, d.zone + (d.subzone ? `/${d.subzone}` : ''), String(d.replicas), p.planned ? String(p.planned[i]) : '-', p.planned ? bindingText(p.binding[i]) : '']);
}

function caseRows(p: CapacityPlan): string[][] {
  return p.result.cases.map((c) => [c.case.name, ...c.objectives.map(formatResult), c.pass ? 'yes' : 'NO']);
}

export function formatPlanText(p: CapacityPlan, pricing: Pricing): string {
  const lines = [`meshsim ${VERSION} capacity · ${header(p)}`, ''];
  if (!p.planned) lines.push(`no plan: the SLO fails even with ${p.request.maxReplicas} replicas in every deployment (--max-replicas); the cases below are that last try`, '');
  const total = (xs: number[]) => String(xs.reduce((a, b) => a + b, 0));
  lines.push(
    table(
      [['service', 'cluster', 'zone', 'now', 'plan', 'binding (one replica fewer fails)'], ...deploymentRows(p), ['total', '', '', total(p.deployments.map((d) => d.replicas)), p.planned ? total(p.planned) : '-', '']],
      [false, false, false, true, true, false],
    ),
  );
  const cost = costLine(p, pricing);
  if (cost) lines.push('', cost);
  lines.push('', table([['case', ...p.request.objectives.map((o) => `${o.text} (95% bound)`), 'holds'], ...caseRows(p)], [false, ...p.request.objectives.map(() => true), false]));
  lines.push('', `${p.evaluations} evaluations (${p.evaluations * p.cases.length * p.request.replications} runs)`);
  return lines.join('\n') + '\n';
}

const provenance = (p: CapacityPlan, what: string) =>
  `# meshsim ${VERSION} capacity ${what} scenario=${p.name} hash=${p.hash} peak=${p.request.peak} survive=${p.request.survive} slo=${p.request.objectives.map((o) => o.text).join(';')} replications=${p.request.replications}\n`;

export function capacityCsv(p: CapacityPlan, pricing: Pricing): string {
  const priced = pricing.replicaUsdPerHour !== undefined;
  const header = ['deployment', 'service', 'cluster', 'zone', 'subzone', 'replicas_now', 'replicas_planned', 'binding', ...(priced ? ['usd_per_hour', 'usd_per_month'] : [])];
  const rows = p.deployments.map((d, i) => {
    const n = p.planned?.[i];
    return [
      `services[${d.service}].deployments[${d.deployment}]`, d.serviceName, d.cluster, d.zone, d.subzone, d.replicas, n ?? '', p.planned ? bindingText(p.binding[i]) : '',
      ...(priced ? (n === undefined ? ['', ''] : [round6(n * pricing.replicaUsdPerHour!), round6(n * pricing.replicaUsdPerHour! * HOURS_PER_MONTH)]) : []),
    ];
  });
  return provenance(p, 'plan') + stringify([header, ...rows]);
}

export function casesCsv(p: CapacityPlan): string {
  const header = ['case', 'holds', ...p.request.objectives.flatMap((o) => [`${o.metric}_mean`, `${o.metric}_bound95`, `${o.metric}_limit`])];
  const rows = p.result.cases.map((c) => [c.case.name, String(c.pass), ...c.objectives.flatMap((o) => [o.mean === null ? '' : round6(o.mean), o.bound === null ? '' : round6(o.bound), o.objective.threshold])]);
  return provenance(p, 'cases') + stringify([header, ...rows]);
}

export function searchCsv(p: CapacityPlan): string {
  const labels = deploymentLabels(p.deployments);
  const header = ['step', 'phase', 'holds', 'total_replicas', ...labels, 'failing_cases'];
  const rows = p.steps
    .filter((s) => !s.cached)
    .map((s, i) => [i, s.phase, String(s.result.pass), s.replicas.reduce((a, b) => a + b, 0), ...s.replicas, s.result.cases.filter((c) => !c.pass).map((c) => c.case.name).join('; ')]);
  return provenance(p, 'search') + stringify([header, ...rows]);
}

const md = (rows: string[][]) => [`| ${rows[0].join(' | ')} |`, `|${rows[0].map(() => ' --- ').join('|')}|`, ...rows.slice(1).map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');

export function capacityMarkdown(p: CapacityPlan, pricing: Pricing): string {
  const lines = [`# Capacity plan: ${p.name}`, '', header(p), ''];
  if (!p.planned) lines.push(`**No plan**: the SLO fails even with ${p.request.maxReplicas} replicas in every deployment.`, '');
  lines.push(md([['service', 'cluster', 'zone', 'replicas now', 'planned', 'binding (one replica fewer fails)'], ...deploymentRows(p)]));
  const cost = costLine(p, pricing);
  if (cost) lines.push('', cost);
  lines.push('', md([['case', ...p.request.objectives.map((o) => `${o.text} (95% bound)`), 'holds'], ...caseRows(p)]));
  lines.push('', `Lost deployments get 0 replicas for the whole run; rates × ${p.request.peak}; ${p.evaluations} evaluations. meshsim ${VERSION}, scenario hash ${p.hash}.`, '');
  return lines.join('\n');
}
