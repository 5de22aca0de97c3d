/**
 * Envoy's circuit breakers for one proxy's cluster (the DEFAULT priority thresholds Istio
 * programs from a DestinationRule's `connectionPool`), as counters: requests in flight against
 * `max_requests`, connections against `max_connections` (one request per HTTP/1.1 connection, so
 * requests beyond it wait as pending requests, up to `max_pending_requests`), and retries in
 * flight against `max_retries`. A request that finds its limit full overflows (503, UO) and is
 * never retried.
 *
 * Sources: envoy docs arch_overview/upstream/circuit_breaking.rst; source/common/http/conn_pool_base.cc
 * (pending requests); source/common/router/retry_state_impl.cc (retries().canCreate);
 * istio cluster_traffic_policy.go applyConnectionPool (fields and their 2^32-1 defaults).
 */
import type { CircuitBreakers } from '../xds/cluster.js';

export const ADMIT = 0;
export const PENDING = 1;
export const OVERFLOW = 2;

export class CircuitBreaker {
  /** Requests sent and not yet answered (rq_active). */
  active = 0;
  /** Requests waiting for a connection (rq_pending_active), in FIFO order. */
  private readonly pending: number[] = [];
  private pendingHead = 0;
  /** Retries scheduled or in flight (retries().count). */
  retries = 0;
  /** Overflows by limit, for the run's stats. */
  readonly overflows = { requests: 0, pending: 0, retries: 0 };

  /**
   * No request or connection limit can ever be reached (Istio's defaults, 2^32-1: no more calls
   * than that are ever in flight): admit() always admits and release() never hands a connection
   * on, so callers may skip both.
   */
  readonly admitsAll: boolean;

  constructor(readonly limits: CircuitBreakers) {
    this.admitsAll = limits.maxRequests >= 2 ** 31 && limits.maxConnections >= 2 ** 31;
  }

  get pendingCount(): number {
    return this.pending.length - this.pendingHead;
  }

  /** A request wants to go: admitted (a connection is free), pending, or overflow. */
  admit(item: number): number {
    if (this.active >= this.limits.maxRequests) {
      this.overflows.requests++;
      return OVERFLOW;
    }
    if (this.active < this.limits.maxConnections && this.pendingCount === 0) {
      this.active++;
      return ADMIT;
    }
    if (this.pendingCount >= this.limits.maxPendingRequests) {
      this.overflows.pending++;
      return OVERFLOW;
    }
    this.pending.push(item);
    return PENDING;
  }

  /** A request in flight ended; returns the pending request that now gets the connection, or -1. */
  release(): number {
    this.active--;
    if (this.pendingCount > 0 && this.active < this.limits.maxConnections && this.active < this.limits.maxRequests) {
      const next = this.pending[this.pendingHead++];
      if (this.pendingHead > 64 && this.pendingHead * 2 > this.pending.length) {
        this.pending.splice(0, this.pendingHead);
        this.pendingHead = 0;
      }
      this.active++;
      return next;
    }
    return -1;
  }

  /** A pending request gave up (its route timeout fired). */
  withdraw(item: number): boolean {
    const i = this.pending.indexOf(item, this.pendingHead);
    if (i < 0) return false;
    this.pending.splice(i, 1);
    return true;
  }

  /** retry_state_impl.cc shouldRetry: retries().canCreate(); counts the retry if so. */
  startRetry(): boolean {
    if (this.retries >= this.limits.maxRetries) {
      this.overflows.retries++;
      return false;
    }
    this.retries++;
    return true;
  }

  endRetry(): void {
    this.retries--;
  }
}
