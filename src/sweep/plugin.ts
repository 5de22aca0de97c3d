/**
 * Loads a load-balancing plug-in module by path: the one loader of meshsim (the CLI's commands
 * and a sweep's worker threads, which import the module themselves since a function cannot be
 * sent to a thread). Only a regular file under the input limit is imported; every failure is the
 * plug-in's (PluginError, exit 2 in the CLI), never a stack trace. Loading runs the module's code:
 * callers decide whether a plug-in may run at all (cli/plugin.ts pluginToRun).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeThrown, PluginError } from '../lb/policies/checked-plugin.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';
import { readInputBytes } from '../model/read-input.js';

const MAX_NAME = 100;

/** Imports a plug-in module and checks that its default export is a LoadBalancingPolicy. */
export async function loadPlugin(file: string): Promise<LoadBalancingPolicy> {
  const label = file;
  const readable = readInputBytes(file);
  if (!readable.ok) throw new PluginError(label, `cannot load plug-in: ${readable.reason}`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown };
  } catch (e) {
    if (e instanceof Error && e.name === 'PluginExit') throw new PluginError(label, `the module ${e.message} while loading; a plug-in must export a policy, never end the process`);
    // The module's own message (Node's loader errors name the problem; their class adds nothing).
    const message = e instanceof Error ? String(e.message).split('\n')[0].slice(0, 300) : describeThrown(e);
    throw new PluginError(label, `cannot load plug-in: ${message}`);
  }
  let name: unknown;
  let newPicker: unknown;
  try {
    const p = mod.default as { name?: unknown; newPicker?: unknown } | undefined;
    name = p?.name;
    newPicker = p?.newPicker;
  } catch (e) {
    throw new PluginError(label, `reading the default export threw ${describeThrown(e)}`);
  }
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME || typeof newPicker !== 'function') {
    throw new PluginError(label, `the default export must be a LoadBalancingPolicy: { name: string (1 to ${MAX_NAME} characters), newPicker(hosts, ctx, seed) }`);
  }
  return mod.default as LoadBalancingPolicy;
}

/** The former name of loadPlugin (sweep workers). */
export const importPlugin = loadPlugin;
