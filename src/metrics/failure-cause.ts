/**
 * Why a request failed. Each request ends exactly once: completed, or failed with one cause.
 */
export const FAILURE_CAUSES = [
  /** No route forwards the request (VirtualService without a matching route: Envoy 404 NR). */
  'no_route',
  /** The proxy found no host to send to (Envoy: "no healthy upstream", 503 UH). */
  'no_healthy_upstream',
  /** The endpoint's queue was full (503 from the workload; Envoy would log UO on circuit breaking). */
  'overflow',
  /** The workload answered with an error status (its errorRate). */
  'error',
  /** The endpoint did not accept the connection (crashed or unreachable: Envoy 503 UF). */
  'connect_failure',
  /** The endpoint went down while the request was queued or in service (Envoy 503 UC, upstream reset). */
  'upstream_reset',
  /** Mesh federation: the called service runs only in other meshes, none of which exports it (the name does not resolve). */
  'not_exported',
  /** The route timeout (or a last per-try timeout) fired before an answer (Envoy 504 UT). */
  'timeout',
  /** The caller's own circuit breaker (DestinationRule connectionPool) was full (Envoy 503 UO). */
  'circuit_breaker',
  /** A VirtualService fault injection aborted the request (Envoy FI). */
  'fault_abort',
] as const;

export type FailureCause = (typeof FAILURE_CAUSES)[number];
export const CAUSE_INDEX: Record<FailureCause, number> = Object.fromEntries(FAILURE_CAUSES.map((c, i) => [c, i])) as Record<FailureCause, number>;
