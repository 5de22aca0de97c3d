/**
 * A user's load-balancing plug-in, checked at every call. meshsim trusts its built-in policies
 * (their invariants are tested), but a plug-in is someone else's code: a `pick` that returns a
 * host that does not exist, returns nothing, or throws would otherwise surface as a TypeError deep
 * in the simulator, or as the plug-in's own stack trace. The checking policy turns each of these
 * into a PluginError naming the plug-in, the call, and what it returned — the plug-in's fault,
 * reported as a user error (exit code 2), not as a meshsim bug.
 */
import type { HostPicker, LoadBalancingPolicy, PickContext } from '../policy.js';

/** A plug-in broke its contract (threw, returned a host it was not given, ended the process). */
export class PluginError extends Error {
  constructor(
    /** How the plug-in is named in messages: its `name` and, when known, its file. */
    readonly plugin: string,
    /** What went wrong, in words. */
    readonly detail: string,
  ) {
    super(`plug-in ${plugin}: ${detail}`);
    this.name = 'PluginError';
  }
}

const MAX_SHOWN_HOSTS = 8;

/** A returned value described for a message (never the raw object: it may be huge or hostile). */
export function describeReturned(v: unknown): string {
  if (v === undefined) return 'nothing (undefined)';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `${v}`;
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 39)}…` : v}"`;
  if (typeof v === 'bigint') return `the bigint ${v}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** What a plug-in threw, in one line (its message, never its stack). */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) {
    const message = String(e.message ?? '').split('\n')[0];
    return `${e.name || 'Error'}: ${message.length > 200 ? `${message.slice(0, 199)}…` : message}`;
  }
  return `the value ${describeReturned(e)}`;
}

function hostList(hosts: readonly number[]): string {
  const shown = hosts.slice(0, MAX_SHOWN_HOSTS).join(', ');
  return hosts.length > MAX_SHOWN_HOSTS ? `[${shown}, … ${hosts.length} in all]` : `[${shown}]`;
}

/** `e` is the error meshsim's CLI throws when code calls process.exit during a plug-in call. */
function isExitAttempt(e: unknown): e is Error {
  return e instanceof Error && e.name === 'PluginExit';
}

class CheckedPicker implements HostPicker {
  /** member[h] === 1 when host h is one of this picker's hosts. */
  private readonly member: Uint8Array;
  private picks = 0;

  constructor(
    readonly inner: HostPicker,
    private readonly hosts: readonly number[],
    private readonly label: string,
  ) {
    let max = -1;
    for (const h of hosts) if (h > max) max = h;
    this.member = new Uint8Array(max + 1);
    for (const h of hosts) this.member[h] = 1;
  }

  pick(hash: number): number {
    this.picks++;
    let h: unknown;
    try {
      h = this.inner.pick(hash);
    } catch (e) {
      if (isExitAttempt(e)) throw new PluginError(this.label, `pick() ${e.message} (on its pick number ${this.picks}); a plug-in must return a host index, never end the process`);
      throw new PluginError(this.label, `pick() threw ${describeThrown(e)} (on its pick number ${this.picks}, hosts ${hostList(this.hosts)})`);
    }
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h >= this.member.length || this.member[h] !== 1) {
      throw new PluginError(
        this.label,
        `pick() returned ${describeReturned(h)}, which is not the index of one of the ${this.hosts.length} hosts it was given ${hostList(this.hosts)} (on its pick number ${this.picks}); pick must return one of them`,
      );
    }
    return h;
  }
}

/**
 * Wraps a plug-in policy so every `newPicker` and `pick` is checked. `label` names the plug-in in
 * messages, e.g. `"LEAST_OF_THREE" (./my-lb.js)`.
 */
export function checkedPolicy(inner: LoadBalancingPolicy, label: string): LoadBalancingPolicy {
  return {
    name: inner.name,
    newPicker(hosts: readonly number[], ctx: PickContext, seed: number, previous?: HostPicker): HostPicker {
      let picker: unknown;
      let pick: unknown;
      try {
        picker = inner.newPicker(hosts, ctx, seed, previous instanceof CheckedPicker ? previous.inner : previous);
        pick = picker !== null && (typeof picker === 'object' || typeof picker === 'function') ? (picker as { pick?: unknown }).pick : undefined;
      } catch (e) {
        if (isExitAttempt(e)) throw new PluginError(label, `newPicker() ${e.message}; a plug-in must return a picker, never end the process`);
        throw new PluginError(label, `newPicker() threw ${describeThrown(e)} (hosts ${hostList(hosts)})`);
      }
      if (typeof pick !== 'function') {
        throw new PluginError(label, `newPicker() returned ${describeReturned(picker)}, not a picker ({ pick(hash) → host index })`);
      }
      return new CheckedPicker(picker as HostPicker, hosts, label);
    },
  };
}
