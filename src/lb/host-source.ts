/**
 * HostSource: one of Envoy's HostsSource values (a priority, optionally one of its localities, and
 * a host class: all, healthy or degraded) with its host list and the policy's picker over it.
 *
 * The list is kept sorted by rank and updated in place when one host changes class, so a health
 * change costs a binary search and an array shift instead of a rebuild. It is built only when a
 * pick first needs it (until then only the count is kept: a source that is never picked from,
 * such as the per-locality sources of a cluster without locality weighting, costs nothing per
 * change), and it may be borrowed from the shared HostSetIndex (a fully healthy priority's
 * healthy list is its host list): a borrowed list, or one handed to a picker that might still
 * read it, is copied before it is changed (copy on write).
 *
 * Pickers follow Envoy's refresh: whenever the owning priority is refreshed (its generation
 * moves on), the next pick asks the policy for a new picker over the current list and hands it
 * the old one as `previous` (round robin keeps its index that way). A policy that declares
 * `reusesHostArrays` gets the list without a copy (its stale pickers never read `hosts`).
 */
import type { HostPicker } from './policy.js';
import { insertByRank, removeByRank } from './ranked-hosts.js';

/** Host classes, as the balancer's health values (host-set.ts): a source holds one class, or all. */
export const CLASS_ALL = -1;

/** What a source needs from its load balancer. */
export interface HostSourceOwner {
  /** Health class of a host (HEALTHY, DEGRADED, UNHEALTHY). */
  healthOf(host: number): number;
  /** The policy's picker for `hosts`, given the previous picker of the same source. */
  newPicker(hosts: readonly number[], previous: HostPicker | undefined): HostPicker;
  /** Whether the policy's stale pickers never read their host array (in-place updates allowed). */
  readonly reusesHostArrays: boolean;
}

export class HostSource {
  /** Hosts of the source in rank order; null until needed. */
  private list: number[] | null = null;
  /** `list` may be changed in place (not borrowed, not possibly read by a picker). */
  private owned = false;
  /** A shared list equal to the source's hosts, while no host has joined or left since the build. */
  private shared: readonly number[] | null;
  /** The last picker built for this source (carried across refreshes as `previous`). */
  picker: HostPicker | undefined;
  private pickerGeneration = -1;

  /**
   * @param universe the hosts this source draws from (its priority's or locality's hosts, rank order)
   * @param hostClass CLASS_ALL, or the health class the source holds
   * @param count how many hosts of `universe` are in the class
   * @param shared a list equal to the source's hosts that may be borrowed (or null)
   */
  constructor(
    private readonly universe: readonly number[],
    private readonly hostClass: number,
    public count: number,
    shared: readonly number[] | null,
    picker: HostPicker | undefined,
  ) {
    this.shared = shared;
    this.picker = picker;
  }

  /** Picks a host; -1 when the source is empty. `generation` is the owning priority's. */
  pick(hash: number, owner: HostSourceOwner, generation: number): number {
    if (this.count === 0) return -1;
    if (this.pickerGeneration !== generation) {
      const hosts = this.hosts(owner);
      this.picker = owner.newPicker(hosts, this.picker);
      this.pickerGeneration = generation;
      if (!owner.reusesHostArrays) this.owned = false;
    }
    return this.picker!.pick(hash);
  }

  /** The source's hosts (built from health on first use). For pickers and tests; do not modify. */
  hosts(owner: HostSourceOwner): readonly number[] {
    if (this.list === null && this.shared !== null) {
      this.list = this.shared as number[];
      this.owned = false;
    } else if (this.list === null) {
      const out: number[] = [];
      for (const h of this.universe) if (this.hostClass === CLASS_ALL || owner.healthOf(h) === this.hostClass) out.push(h);
      this.list = out;
      this.owned = true;
    }
    return this.list;
  }

  /** A host of the universe joins the class. */
  add(host: number, rank: Int32Array): void {
    this.count++;
    this.shared = null;
    if (this.list !== null) insertByRank(this.writable(), rank, host);
  }

  /** A host of the universe leaves the class. */
  remove(host: number, rank: Int32Array): void {
    this.count--;
    this.shared = null;
    if (this.list !== null && !removeByRank(this.writable(), rank, host)) {
      throw new Error(`HostSource: host ${host} was not in the source`);
    }
  }

  /** Builds the picker now if the source was refreshed and not yet picked from (see updateHosts). */
  settle(owner: HostSourceOwner, generation: number): void {
    if (this.count > 0 && this.pickerGeneration !== generation) {
      this.picker = owner.newPicker(this.hosts(owner), this.picker);
      this.pickerGeneration = generation;
      if (!owner.reusesHostArrays) this.owned = false;
    }
  }

  private writable(): number[] {
    if (!this.owned) {
      this.list = this.list!.slice();
      this.owned = true;
    }
    return this.list!;
  }
}
