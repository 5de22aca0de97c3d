/**
 * The threshold language of `meshsim check` (docs/check.md):
 *
 *   threshold  := metric [ "(" selector { "," selector } ")" ] comparator value
 *   metric     := p50 | p90 | p99 | p999 | max | mean | errorRate | share | requests
 *               | throughput | ejections | egressUsdPerMonth
 *   selector   := key "=" pattern | pattern          (a bare pattern is a destination locality)
 *   key        := service | source | route | from | cluster | locality
 *   comparator := "<" | "<=" | ">" | ">="
 *   value      := number [unit]                      (ms, s, us; %; /s; USD — by metric)
 *
 * e.g. `p99 < 120ms`, `errorRate < 0.1%`, `share(us-west1/*) > 85%`,
 * `p99(service=helloworld.sample) < 100ms`, `errorRate(route=us-west1/* -> cluster2/*) < 1%`.
 * Parsing is pure: errors are messages with the character where the text went wrong.
 */
import { closest } from '../model/did-you-mean.js';
import { METRICS, metricNames, SELECTOR_KEYS, type MetricDef, type SelectorKey } from './metric-defs.js';

export type Comparator = '<' | '<=' | '>' | '>=';
export { SELECTOR_KEYS, type SelectorKey } from './metric-defs.js';

export interface Selector {
  service?: string;
  source?: string;
  /** `route=A -> B`: source locality pattern A, destination `cluster/locality` pattern B. */
  route?: { from: string; to: string };
  from?: string;
  cluster?: string;
  locality?: string;
}

export interface Threshold {
  /** The text as written. */
  text: string;
  metric: MetricDef;
  selector: Selector;
  op: Comparator;
  /** The limit in the metric's canonical unit (ms, fraction, 1/s, count, USD). */
  limit: number;
}

export class ThresholdSyntaxError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
    this.name = 'ThresholdSyntaxError';
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

export function parseThreshold(text: string): Threshold {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (msg: string): never => {
    throw new ThresholdSyntaxError(msg, i + 1);
  };
  skip();
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
  if (!name) fail(`expected a metric name (${metricNames().join(', ')})`);
  const metric = METRICS.find((m) => m.name === name);
  if (!metric) fail(`unknown metric "${name}"${suggest(name!, metricNames())}; known metrics: ${metricNames().join(', ')}`);
  i += name!.length;
  skip();
  let selector: Selector = {};
  if (text[i] === '(') {
    const close = text.indexOf(')', i);
    if (close < 0) fail('expected ")" to close the selector');
    selector = parseSelector(text.slice(i + 1, close), i + 2, metric!);
    i = close + 1;
    skip();
  }
  const op = /^(<=|>=|<|>)/.exec(text.slice(i))?.[0] as Comparator | undefined;
  if (!op) fail(`expected a comparison (<, <=, > or >=) after "${text.slice(0, i).trim()}"${text[i] === '=' ? ' ("=" alone is not one)' : ''}`);
  i += op!.length;
  skip();
  const num = NUMBER.exec(text.slice(i))?.[0];
  if (!num) fail(`expected a number${metric!.units.length ? ` with a unit (${metric!.example})` : ''}`);
  const value = Number(num);
  i += num!.length;
  skip();
  const unitStart = i;
  const unit = text.slice(i).trim();
  i = text.length;
  const limit = metric!.toCanonical(value, unit);
  if (limit === undefined) {
    i = unitStart;
    fail(`${metric!.name} is ${metric!.what}: ${unit === '' ? 'write the limit with a unit' : `"${unit}" is not a unit for it`}; expected ${metric!.units.map((u) => (u === '' ? 'a plain number' : u)).join(', ')} (e.g. ${metric!.example})`);
  }
  return { text: text.trim(), metric: metric!, selector, op: op!, limit: limit! };
}

function parseSelector(body: string, column: number, metric: MetricDef): Selector {
  const sel: Selector = {};
  let offset = 0;
  for (const raw of body.split(',')) {
    const col = column + offset + (raw.length - raw.trimStart().length);
    offset += raw.length + 1;
    const part = raw.trim();
    if (part === '') throw new ThresholdSyntaxError('empty selector: expected key=pattern (e.g. service=helloworld.sample) or a locality pattern', col);
    const eq = part.indexOf('=');
    let key: string;
    let pattern: string;
    if (eq < 0) {
      if (!metric.bareLocality) {
        throw new ThresholdSyntaxError(`expected key=pattern with key one of ${metric.keys.join(', ') || '(none: this metric takes no selector)'}, got "${part}"`, col);
      }
      key = 'locality';
      pattern = part;
    } else {
      key = part.slice(0, eq).trim();
      pattern = part.slice(eq + 1).trim();
    }
    if (!(SELECTOR_KEYS as readonly string[]).includes(key)) {
      throw new ThresholdSyntaxError(`unknown selector "${key}"${suggest(key, [...SELECTOR_KEYS])}; expected ${SELECTOR_KEYS.join(', ')}`, col);
    }
    if (!metric.keys.includes(key as SelectorKey)) {
      throw new ThresholdSyntaxError(`${metric.name} cannot be selected by ${key}; ${metric.keys.length ? `it takes ${metric.keys.join(', ')}` : 'it takes no selector'}`, col);
    }
    if (pattern === '') throw new ThresholdSyntaxError(`${key}= needs a pattern`, col);
    if ((sel as Record<string, unknown>)[key] !== undefined) throw new ThresholdSyntaxError(`${key} is given twice`, col);
    if (key === 'route') {
      const arrow = pattern.split('->');
      if (arrow.length !== 2 || arrow[0].trim() === '' || arrow[1].trim() === '') {
        throw new ThresholdSyntaxError(`route= expects "<source locality> -> <cluster>/<locality>", e.g. route=us-west1/us-west1-a -> cluster2/*, got "${pattern}"`, col);
      }
      sel.route = { from: arrow[0].trim(), to: arrow[1].trim() };
    } else {
      (sel as Record<string, string>)[key] = pattern;
    }
  }
  const byPopulation = sel.service !== undefined || sel.source !== undefined;
  const byRoute = sel.route !== undefined || sel.from !== undefined || sel.cluster !== undefined || sel.locality !== undefined;
  if (byPopulation && byRoute) {
    throw new ThresholdSyntaxError('service/source selectors cannot be combined with route, from, cluster or locality (they come from different tables)', column);
  }
  return sel;
}

function suggest(word: string, known: string[]): string {
  const near = closest(word, known);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** `a < b` etc. */
export function compare(value: number, op: Comparator, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    default: {
      const never: never = op;
      throw new Error(`unknown comparator ${String(never)}`);
    }
  }
}
