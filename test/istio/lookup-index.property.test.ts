/**
 * The indexed DestinationRule and VirtualService lookups (src/istio/lookup.ts) give what one scan
 * of every rule per lookup gave (lookup-reference.ts), on random resources: namespaces, exact and
 * wildcard hosts, exportTo (public, private, to other namespaces), several rules for one host
 * (merged), VirtualServices bound to gateways only, any input order; and the index follows the
 * resources when a list is replaced or grows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadedDestinationRule } from '../../src/istio/destination-rule.js';
import type { IstioResources } from '../../src/istio/istio-resources.js';
import { findDestinationRule, findVirtualService } from '../../src/istio/lookup.js';
import type { LoadedVirtualService } from '../../src/istio/virtual-service.js';
import { referenceFindDestinationRule, referenceFindVirtualService } from './lookup-reference.js';

const ROOT = 'istio-system';
const NAMESPACES = ['a', 'b', 'c', ROOT];
const SERVICES = ['web.a.svc.cluster.local', 'web.b.svc.cluster.local', 'db.a.svc.cluster.local', 'api.c.svc.cluster.local', 'ext.example.com'];
const HOSTS = [...SERVICES, '*.a.svc.cluster.local', '*.svc.cluster.local', '*.cluster.local', '*', '*.example.com'];
const EXPORT_TO = [[], ['*'], ['.'], ['a'], ['b', 'c'], ['.', 'b']];

const meta = (kind: string, i: number, namespace: string, order: number) => ({ apiVersion: 'networking.istio.io/v1', kind, name: `${kind}-${i}`, namespace, file: 'p.yaml', order, locate: () => undefined, prefix: [] });

const drArb = fc.record({ ns: fc.constantFrom(...NAMESPACES), host: fc.constantFrom(...HOSTS), exportTo: fc.constantFrom(...EXPORT_TO), subsets: fc.subarray(['v1', 'v2', 'v3']), policy: fc.boolean() });
const vsArb = fc.record({ ns: fc.constantFrom(...NAMESPACES), hosts: fc.uniqueArray(fc.constantFrom(...HOSTS), { minLength: 1, maxLength: 3 }), exportTo: fc.constantFrom(...EXPORT_TO), mesh: fc.boolean() });

type DrSpec = { ns: string; host: string; exportTo: string[]; subsets: string[]; policy: boolean };
type VsSpec = { ns: string; hosts: string[]; exportTo: string[]; mesh: boolean };

function resources(drs: DrSpec[], vss: VsSpec[], orders: number[]): IstioResources {
  const destinationRules = drs.map(
    (d, i) => ({ ...meta('DestinationRule', i, d.ns, orders[i]), host: d.host, exportTo: d.exportTo, subsets: d.subsets.map((name) => ({ name, labels: { version: name } })), ...(d.policy ? { trafficPolicy: { tag: i } } : {}) }) as unknown as LoadedDestinationRule,
  );
  const virtualServices = vss.map((v, i) => ({ ...meta('VirtualService', i, v.ns, orders[drs.length + i]), hosts: v.hosts, exportTo: v.exportTo, appliesToMesh: v.mesh, http: [] }) as unknown as LoadedVirtualService);
  return { destinationRules, virtualServices, serviceEntries: [], kubeServices: [], rootNamespace: ROOT, domainSuffix: 'cluster.local' };
}

const world = fc
  .tuple(fc.array(drArb, { maxLength: 12 }), fc.array(vsArb, { maxLength: 8 }))
  .chain(([drs, vss]) => fc.tuple(fc.constant(drs), fc.constant(vss), fc.shuffledSubarray([...Array(drs.length + vss.length).keys()], { minLength: drs.length + vss.length })));

describe('indexed Istio lookups equal a scan of every rule', () => {
  it('findDestinationRule and findVirtualService, for every caller namespace and host (property)', () => {
    fc.assert(
      fc.property(world, ([drs, vss, orders]) => {
        const res = resources(drs, vss, orders);
        for (const caller of NAMESPACES) {
          for (const host of [...SERVICES, '*.a.svc.cluster.local']) {
            expect(findDestinationRule(res, host, caller)).toEqual(referenceFindDestinationRule(res, host, caller));
            expect(findDestinationRule(res, host, caller, 'b')).toEqual(referenceFindDestinationRule(res, host, caller, 'b'));
            expect(findVirtualService(res, host, caller)).toEqual(referenceFindVirtualService(res, host, caller));
          }
        }
      }),
      { seed: 20240612, numRuns: 400 },
    );
  });

  it('a rule added to the resources after a lookup is found by the next one', () => {
    const res = resources([{ ns: 'a', host: '*.a.svc.cluster.local', exportTo: [], subsets: [], policy: false }], [], [0]);
    expect(findDestinationRule(res, 'web.a.svc.cluster.local', 'a')?.host).toBe('*.a.svc.cluster.local');
    res.destinationRules.push(resources([{ ns: 'a', host: 'web.a.svc.cluster.local', exportTo: [], subsets: [], policy: false }], [], [1]).destinationRules[0]);
    expect(findDestinationRule(res, 'web.a.svc.cluster.local', 'a')?.host).toBe('web.a.svc.cluster.local');
    expect(findVirtualService(res, 'web.a.svc.cluster.local', 'a')).toBeUndefined();
    res.virtualServices = resources([], [{ ns: 'a', hosts: ['web.a.svc.cluster.local'], exportTo: [], mesh: true }], [0]).virtualServices;
    expect(findVirtualService(res, 'web.a.svc.cluster.local', 'a')?.virtualService.name).toBe('VirtualService-0');
  });
});
