/**
 * Service-level objectives for `meshsim capacity --slo`: `p99<200ms`, `p999<=1s`, `mean<50ms`,
 * `errorRate<0.1%`, several joined with `,` or ` and `. Latency objectives are on the end-to-end
 * latency of successful requests; `errorRate` is failed / counted requests.
 *
 * An objective holds for a set of replications when the upper bound of the 95 % t interval of
 * the metric's mean is under the threshold (the value itself with one replication): a plan must
 * hold with margin for the noise of the runs, not only on average. A run with no successful
 * request has no latency: a latency objective then fails.
 */
import { parseDuration } from '../model/units.js';
import { closest } from '../model/did-you-mean.js';
import type { MetricRecord } from '../sweep/metrics.js';
import { meanCi95 } from '../stats/interval.js';

export interface Objective {
  /** As written, e.g. `p99<200ms`. */
  text: string;
  metric: string;
  /** The metric's group and key in a MetricRecord. */
  group: string;
  key: string;
  op: '<' | '<=';
  threshold: number;
  unit: 'ms' | 'ratio';
}

const LATENCY: Record<string, string> = { p50: 'p50', p90: 'p90', p99: 'p99', p999: 'p999', 'p99.9': 'p999', mean: 'mean', max: 'max' };
const METRICS = [...Object.keys(LATENCY), 'errorRate'];

export class SloSyntaxError extends Error {}

function parseOne(text: string): Objective {
  const m = /^\s*([A-Za-z][\w.]*)\s*(<=|<|>=|>|==|=)\s*(\S.*?)\s*$/.exec(text);
  if (!m) throw new SloSyntaxError(`cannot read "${text}": expected <metric><<value>, e.g. p99<200ms or errorRate<0.1%`);
  const [, metric, op, value] = m;
  if (!METRICS.includes(metric)) {
    const near = closest(metric, METRICS);
    throw new SloSyntaxError(`unknown metric "${metric}" in "${text}"${near ? `; did you mean "${near}"?` : ''} (metrics: ${METRICS.join(', ')})`);
  }
  if (op !== '<' && op !== '<=') throw new SloSyntaxError(`"${text}": an objective is an upper limit: use < or <=`);
  if (metric === 'errorRate') {
    const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(value);
    const ratio = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!(ratio >= 0 && ratio <= 1)) throw new SloSyntaxError(`"${text}": errorRate needs a percentage (0.1%) or a fraction between 0 and 1 (0.001), got "${value}"`);
    return { text: text.trim(), metric, group: 'requests', key: 'error_rate', op, threshold: ratio, unit: 'ratio' };
  }
  const ms = parseDuration(value);
  if (ms === undefined || !(ms > 0)) throw new SloSyntaxError(`"${text}": ${metric} needs a duration such as 200ms or 1.5s, got "${value}"`);
  return { text: text.trim(), metric, group: 'latency', key: LATENCY[metric], op, threshold: ms, unit: 'ms' };
}

/** Parses the objectives of one or more `--slo` flags; throws SloSyntaxError naming the mistake. */
export function parseSlo(texts: readonly string[]): Objective[] {
  const parts = texts.flatMap((t) => t.split(/,|\band\b/)).filter((p) => p.trim() !== '');
  if (parts.length === 0) throw new SloSyntaxError('no objective given: e.g. --slo "p99<200ms"');
  return parts.map(parseOne);
}

export interface ObjectiveResult {
  objective: Objective;
  mean: number | null;
  /** The conservative value compared with the threshold: the 95 % upper bound (or the one value). */
  bound: number | null;
  pass: boolean;
}

/** Judges each objective over a case's replications. */
export function judge(objectives: readonly Objective[], runs: readonly MetricRecord[]): ObjectiveResult[] {
  return objectives.map((o) => {
    const values = runs.map((r) => r[o.group]?.[o.key] ?? null);
    const missing = values.some((v) => v === null);
    const ci = meanCi95(values);
    const bound = missing ? null : (ci.high ?? ci.mean);
    const pass = bound !== null && (o.op === '<' ? bound < o.threshold : bound <= o.threshold);
    return { objective: o, mean: ci.mean, bound, pass };
  });
}

/** `p99 ≤ 231ms` / `errorRate ≤ 0.12%`: a result for tables. */
export function formatResult(r: ObjectiveResult): string {
  const v = r.bound;
  const shown = v === null ? 'n/a' : r.objective.unit === 'ms' ? `${v.toFixed(v >= 100 ? 0 : 1)}ms` : `${(100 * v).toFixed(3)}%`;
  return `${r.objective.metric} ${shown}`;
}
