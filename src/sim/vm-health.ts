/**
 * When a VM endpoint leaves and rejoins EDS. A VM has no kubelet and no node lifecycle controller:
 * Istio learns its health from two other places (sources pinned in the comments):
 *
 * - the WorkloadGroup readiness probe, run by istio-agent on the VM
 *   (pkg/istio-agent/health/health_check.go PerformApplicationHealthCheck): the first probe at once,
 *   then one per period; the agent reports only transitions — unhealthy after `failureThreshold`
 *   consecutive failures (fillInDefaults: default 1, not Kubernetes' 3), healthy after
 *   `successThreshold` successes. A refused probe fails at once, a hung one after the timeout. The
 *   report goes over xDS to istiod, which writes the WorkloadEntry's Healthy condition
 *   (pilot/pkg/autoregistration/controller.go updateWorkloadEntryHealth); an entry with health checks
 *   and Healthy false (or unset) is not sent to proxies (serviceentry conversion isHealthy);
 * - the xDS connection: when a VM disappears, istiod sees its stream close — at once if the host
 *   resets it, else when gRPC keepalive gives up (pkg/keepalive/options.go: ping after 30s idle,
 *   close 10s later) — and after PILOT_WORKLOAD_ENTRY_GRACE_PERIOD (10s) deletes the auto-registered
 *   WorkloadEntry or drops its health condition (controller.go QueueUnregisterWorkload, cleanupEntry):
 *   either way the VM leaves EDS. A VM that comes back reconnects and probes at once.
 *
 * Pure timing: `phase(periodMs)` draws a uniform phase in [0, periodMs) (the caller's stream).
 */
import type { FaultSpec, VmSpec } from '../model/scenario.js';

/** From a fault's start to the VM endpoint turning unhealthy, ms; undefined: the fault does not touch its health. */
export function vmUnhealthyAfter(f: Pick<FaultSpec, 'kind' | 'mode'>, vm: VmSpec, phase: (periodMs: number) => number): number | undefined {
  switch (f.kind) {
    case 'endpoint-crash': {
      // The application fails, the agent lives: its next probes fail (refused at once; hung after the timeout).
      const probes = phase(vm.probePeriodMs) + (vm.failureThreshold - 1) * vm.probePeriodMs;
      return f.mode === 'refuse' ? probes : probes + vm.probeTimeoutMs;
    }
    case 'zone-outage':
    case 'cluster-outage':
    case 'region-outage':
      // The VM is gone with its agent: the stream closes (reset at once, or keepalive), then the grace period.
      return (f.mode === 'refuse' ? 0 : phase(vm.keepaliveIntervalMs) + vm.keepaliveTimeoutMs) + vm.gracePeriodMs;
    default:
      return undefined;
  }
}

/** From a fault's end to the VM endpoint being healthy again, ms. */
export function vmHealthyAfter(f: Pick<FaultSpec, 'kind'>, vm: VmSpec, phase: (periodMs: number) => number): number {
  // A crashed application: the running agent's next probes. A VM back: the agent probes at once.
  const first = f.kind === 'endpoint-crash' ? phase(vm.probePeriodMs) : 0;
  return first + (vm.successThreshold - 1) * vm.probePeriodMs;
}
