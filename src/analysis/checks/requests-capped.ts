/**
 * MS0105 RequestsCappedByDuration: the run is asked for more requests than its sources send before
 * they stop — `requests` (or `--requests`) against every source's rate × sending window, and a
 * source's own `requests` against its window. The runner stops a source at its end whatever the
 * count (sim/runner.ts onArrival), so the run silently ends with fewer requests than asked
 * (`--requests 1000000` on a 60 s scenario at 1,200/s ran 72,000). Poisson sources send a random
 * number with that mean: only a shortfall beyond 3 standard deviations (√n) is reported.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { groupDigits } from '../../model/limits.js';
import { formatMs } from '../../model/units.js';
import { finding, type AnalysisContext } from '../context.js';
import { ownRequests } from '../sending.js';

/** More than the sources can send, beyond the noise of a Poisson count? */
const beyond = (asked: number, sendable: number) => asked > sendable + 3 * Math.sqrt(sendable) + 1;

const rate = (r: number) => `${Number(r.toPrecision(4))}/s`;

export function requestsCapped(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const out: Diagnostic[] = [];
  const sendable = s.traffic.reduce((n, t) => n + ownRequests(t), 0);
  if (Number.isFinite(ctx.requests) && Number.isFinite(sendable) && beyond(ctx.requests, sendable)) {
    const flag = ctx.requests !== s.maxRequests;
    const asked = `${flag ? '--requests' : 'requests:'} ${groupDigits(ctx.requests)}`;
    const window = Number.isFinite(s.durationMs) ? `within duration ${formatMs(s.durationMs)}` : 'within their sending windows';
    const totalRate = s.traffic.reduce((r, t) => r + t.ratePerSecond, 0);
    out.push(
      finding(
        'MS0105',
        ctx.inScenario(flag && Number.isFinite(s.durationMs) ? ['duration'] : ['requests']),
        `${asked} asks for more than the sources send ${window}: at their rates (${rate(totalRate)} in all) they send about ${groupDigits(Math.round(sendable))} requests, and the run stops there`,
        Number.isFinite(s.durationMs) && sendable > 0
          ? `lengthen duration to at least ${formatMs(s.durationMs * (ctx.requests / sendable))}, raise the rates, or ask for at most ${groupDigits(Math.floor(sendable))} requests`
          : undefined,
      ),
    );
  }
  s.traffic.forEach((t, i) => {
    if (!Number.isFinite(t.maxRequests) || !Number.isFinite(t.endMs)) return;
    const own = (t.ratePerSecond * Math.max(0, t.endMs - t.startMs)) / 1000;
    if (!beyond(t.maxRequests, own)) return;
    out.push(
      finding(
        'MS0105',
        ctx.inScenario([...ctx.sourcePath(i), 'requests']),
        `source ${t.name} asks for ${groupDigits(t.maxRequests)} requests but sends about ${groupDigits(Math.round(own))} at ${rate(t.ratePerSecond)} between ${formatMs(t.startMs)} and ${formatMs(t.endMs)}, and stops there`,
      ),
    );
  });
  return out;
}
