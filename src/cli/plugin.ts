/**
 * Loading a user's load-balancing plug-in, and keeping its failures its own.
 *
 * A plug-in is code, so meshsim runs one only when the command line asks for it (`--lb-plugin
 * FILE`, or `--allow-plugins` for the one a scenario names), and only after the whole scenario
 * (Istio resources included) has validated and the analyzer found no error. Every command that
 * runs scenarios (run, check, sweep, capacity) decides which plug-in runs with `pluginToRun`;
 * compare runs built-in policies only. While plug-in code can run — its module loading and
 * the whole simulation — `process.exit` is intercepted: a plug-in that tries to end the process
 * gets an exception instead, and the run is reported as the plug-in's failure (exit code 2), never
 * as a success without results.
 */
import { resolve } from 'node:path';
import { PluginError } from '../lb/policies/checked-plugin.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { InputError } from '../model/diagnostics.js';
import type { LoadedScenario } from '../model/load.js';
import { pluginLabel } from '../run.js';
import { loadPlugin } from '../sweep/plugin.js';

export { loadPlugin };

/**
 * The plug-in file a command runs: `--lb-plugin FILE`, or the scenario's `loadBalancing.plugin`
 * (resolved beside the scenario) when `--allow-plugins` says so; a scenario naming a plug-in
 * without either is an error (exit 2, nothing run). Nothing is read or run here.
 */
export function pluginToRun(loaded: LoadedScenario, flag: string | undefined, allow: boolean): string | undefined {
  if (flag !== undefined) return flag;
  const named = loaded.scenario.pluginPath;
  if (named === undefined) return undefined;
  if (!allow) {
    const pos = loaded.locate(['loadBalancing', 'plugin']);
    throw new InputError([
      {
        severity: 'error',
        file: loaded.scenario.file,
        line: pos?.line,
        column: pos?.column,
        path: 'loadBalancing.plugin',
        message: `the scenario names a plug-in ("${named}"); meshsim runs plug-in code only when the command line asks for it: add --allow-plugins to run this one, or give --lb-plugin FILE`,
      },
    ]);
  }
  return resolve(loaded.scenario.file, '..', named);
}

/** The yargs options every command that runs scenarios offers for plug-ins. */
export const PLUGIN_OPTIONS = {
  'lb-plugin': { type: 'string', describe: 'JavaScript module whose default export is a LoadBalancingPolicy (runs its code)' },
  'allow-plugins': { type: 'boolean', default: false, describe: 'run the plug-in the scenario names in loadBalancing.plugin (runs its code)' },
} as const;

/** Replaces process.exit while plug-in code may run; remembers any attempt. */
export class ExitGuard {
  private readonly realExit = process.exit;
  /** `process.exit(<code>)` as called, if plug-in code tried to end the process. */
  attempted: string | undefined;

  install(): void {
    const guard = this;
    process.exit = function exitRefused(code?: number | string | null): never {
      guard.attempted = `process.exit(${code === undefined || code === null ? '' : String(code).slice(0, 20)})`;
      const e = new Error(`called ${guard.attempted}`);
      e.name = 'PluginExit';
      throw e;
    } as typeof process.exit;
  }

  restore(): void {
    process.exit = this.realExit;
  }
}

/**
 * Runs `work` with process.exit intercepted (see ExitGuard) when plug-in code may run in this
 * thread: a plug-in that tried to end the process fails the command as the plug-in's fault
 * (exit 2), even if it caught the refusal and went on. `label()` names the plug-in; no plug-in
 * (undefined), no guard.
 */
export async function guardExit<T>(label: (() => string) | undefined, work: () => T | Promise<T>): Promise<T> {
  if (label === undefined) return work();
  const guard = new ExitGuard();
  guard.install();
  try {
    const out = await work();
    if (guard.attempted !== undefined) {
      throw new PluginError(label(), `called ${guard.attempted} during the run (and went on when meshsim refused); a plug-in must never end the process`);
    }
    return out;
  } finally {
    guard.restore();
  }
}

/** Runs `work` with the plug-in of `file` (none when undefined), loaded and run under guardExit. */
export async function withPlugin<T>(file: string | undefined, work: (plugin: LoadBalancingPolicy | undefined) => T | Promise<T>): Promise<T> {
  if (file === undefined) return work(undefined);
  let label = file;
  return guardExit(
    () => label,
    async () => {
      const plugin = await loadPlugin(file);
      label = pluginLabel(plugin, file);
      return work(plugin);
    },
  );
}
