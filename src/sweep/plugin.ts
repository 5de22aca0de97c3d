/**
 * Loads a load-balancing plug-in by path inside a sweep's workers (a function cannot be sent to
 * a worker thread, so each worker imports the module itself).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../model/diagnostics.js';
import type { LoadBalancingPolicy } from '../lb/policy.js';

export async function importPlugin(path: string): Promise<LoadBalancingPolicy> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: `cannot load plug-in: ${(e as Error).message}` }]);
  }
  const p = mod.default as Partial<LoadBalancingPolicy> | undefined;
  if (!p || typeof p.name !== 'string' || typeof p.newPicker !== 'function') {
    throw new InputError([{ severity: 'error', file: path, path: '(plugin)', message: 'the default export must be a LoadBalancingPolicy: { name: string, newPicker(hosts, ctx, seed) }' }]);
  }
  return p as LoadBalancingPolicy;
}
