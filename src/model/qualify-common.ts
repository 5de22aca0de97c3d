/**
 * Helpers shared by the qualification steps: the context diagnostics go to, durations, delay
 * distributions and service references.
 */
import { lognormalFromMedianP99, type Distribution } from '../engine/distributions.js';
import type { Diagnostics, FieldPath, Locator } from './diagnostics.js';
import type { DelayInput } from './schema.js';
import type { ServiceSpec } from './scenario.js';
import { parseDuration } from './units.js';

export interface Ctx {
  file: string;
  locate: Locator;
  diags: Diagnostics;
}

export function err(ctx: Ctx, path: FieldPath, message: string): void {
  ctx.diags.error(ctx.file, ctx.locate, path, message);
}

export function ms(ctx: Ctx, v: string | number, path: FieldPath): number {
  const d = parseDuration(v);
  if (d === undefined) {
    err(ctx, path, `expected a duration such as 250ms, got ${JSON.stringify(v)}`);
    return 0;
  }
  return d;
}

/**
 * A probe's period or timeout: a duration above 0 (Kubernetes' periodSeconds and timeoutSeconds are
 * at least 1; a 0 s period would probe continuously, a 0 s timeout fail every probe at once).
 */
export function probeMs(ctx: Ctx, v: string | number, path: FieldPath, field: 'periodSeconds' | 'timeoutSeconds'): number {
  const d = ms(ctx, v, path);
  if (d === 0 && parseDuration(v) === 0) err(ctx, path, `must be > 0, got ${JSON.stringify(v)} (a probe's ${field} is at least 1 in Kubernetes)`);
  return d;
}

/** Converts a delay description (duration, distribution, base+jitter) to an engine distribution in ms. */
export function toDistribution(ctx: Ctx, d: DelayInput, path: FieldPath): Distribution {
  if (typeof d === 'number' || typeof d === 'string') return { dist: 'constant', value: ms(ctx, d, path) };
  if ('base' in d) {
    const base = ms(ctx, d.base, [...path, 'base']);
    return { dist: 'uniform', min: base, max: base + ms(ctx, d.jitter, [...path, 'jitter']) };
  }
  switch (d.dist) {
    case 'constant':
      return { dist: 'constant', value: ms(ctx, d.value, [...path, 'value']) };
    case 'uniform': {
      const min = ms(ctx, d.min, [...path, 'min']);
      const max = ms(ctx, d.max, [...path, 'max']);
      if (max < min) err(ctx, [...path, 'max'], `max (${max}ms) is below min (${min}ms)`);
      return { dist: 'uniform', min, max };
    }
    case 'exponential': {
      const mean = ms(ctx, d.mean, [...path, 'mean']);
      if (!(mean > 0)) err(ctx, [...path, 'mean'], 'the mean of an exponential distribution must be > 0');
      return { dist: 'exponential', mean };
    }
    case 'normal':
      return { dist: 'normal', mean: ms(ctx, d.mean, [...path, 'mean']), stddev: ms(ctx, d.stddev, [...path, 'stddev']), min: d.min === undefined ? 0 : ms(ctx, d.min, [...path, 'min']) };
    case 'lognormal': {
      if (d.median !== undefined && d.p99 !== undefined && d.mu === undefined && d.sigma === undefined) {
        const median = ms(ctx, d.median, [...path, 'median']);
        const p99 = ms(ctx, d.p99, [...path, 'p99']);
        if (!(median > 0) || p99 < median) {
          err(ctx, [...path, 'p99'], `lognormal needs 0 < median <= p99 (got median ${median}ms, p99 ${p99}ms)`);
          return { dist: 'constant', value: median };
        }
        return { dist: 'lognormal', ...lognormalFromMedianP99(median, p99) };
      }
      if (d.mu !== undefined && d.sigma !== undefined && d.median === undefined && d.p99 === undefined) {
        return { dist: 'lognormal', mu: d.mu, sigma: d.sigma };
      }
      const given = (['median', 'p99', 'mu', 'sigma'] as const).filter((k) => d[k] !== undefined);
      const partner = { median: 'p99', p99: 'median', mu: 'sigma', sigma: 'mu' } as const;
      const lonely = given.find((k) => !given.includes(partner[k]));
      const mixed = given.some((k) => k === 'median' || k === 'p99') && given.some((k) => k === 'mu' || k === 'sigma');
      err(ctx, mixed || !lonely ? path : [...path, lonely], mixed
        ? `lognormal takes median and p99, or mu and sigma, not both (got ${given.join(', ')})`
        : lonely
          ? `lognormal: ${lonely} needs ${partner[lonely]} too (give median and p99, or mu and sigma)`
          : 'lognormal needs median and p99, or mu and sigma');
      return { dist: 'constant', value: 0 };
    }
    case 'empirical': {
      const values = d.values.map((v, i) => ms(ctx, v, [...path, 'values', i]));
      if (d.weights && d.weights.length !== values.length) err(ctx, [...path, 'weights'], `has ${d.weights.length} entries for ${values.length} values`);
      return { dist: 'empirical', values, weights: d.weights };
    }
    default: {
      const never: never = d;
      throw new Error(`unhandled distribution ${JSON.stringify(never)}`);
    }
  }
}

/** Finds the service a traffic source calls: `name` (in the source's namespace), `name.namespace` or the FQDN. */
export function findService(services: ServiceSpec[], to: string, namespace: string): number {
  const fq = to.endsWith('.svc.cluster.local') ? to : to.includes('.') ? `${to}.svc.cluster.local` : `${to}.${namespace}.svc.cluster.local`;
  let idx = services.findIndex((s) => s.fqdn === fq);
  if (idx < 0 && !to.includes('.')) {
    const byName = services.filter((s) => s.name === to);
    if (byName.length === 1) idx = services.indexOf(byName[0]);
  }
  return idx;
}

