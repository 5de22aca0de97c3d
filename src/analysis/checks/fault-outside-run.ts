/**
 * MS0103 FaultOutsideRun: a fault that no measured request can meet — it starts after every
 * traffic source has stopped sending, or it is over before warm-up ends (requests started during
 * warm-up are left out of the statistics).
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import { formatMs } from '../../model/units.js';
import { finding, type AnalysisContext } from '../context.js';
import { sendingEndMs } from '../sending.js';

export function faultOutsideRun(ctx: AnalysisContext): Diagnostic[] {
  const s = ctx.scenario;
  const end = sendingEndMs(s, ctx.requests);
  const out: Diagnostic[] = [];
  s.faults.forEach((f, i) => {
    if (Number.isFinite(end) && f.atMs >= end) {
      out.push(finding('MS0103', ctx.inScenario(['faults', i, 'at']), `${f.kind} starts at ${formatMs(f.atMs)}, when the traffic sources have stopped sending (the last request starts before ${formatMs(end)}): no request meets it`));
    } else if (s.warmupMs > 0 && f.endMs <= s.warmupMs) {
      out.push(finding('MS0103', ctx.inScenario(['faults', i, 'for']), `${f.kind} is over at ${formatMs(f.endMs)}, before warm-up ends (${formatMs(s.warmupMs)}): the requests it affects are left out of the statistics`));
    }
  });
  return out;
}
