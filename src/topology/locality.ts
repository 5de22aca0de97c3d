/**
 * Localities and the relation between two of them, which decides network delay and path class.
 *
 * A locality is `region/zone/subzone`, the values of the Kubernetes labels
 * `topology.kubernetes.io/region`, `topology.kubernetes.io/zone` and Istio's
 * `topology.istio.io/subzone` (https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/).
 */

/** Topology labels Kubernetes and Istio set on nodes, pods, endpoints and proxies (istio.io/api/label). */
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const SUBZONE_LABEL = 'topology.istio.io/subzone';
export const NETWORK_LABEL = 'topology.istio.io/network';
export const CLUSTER_LABEL = 'topology.istio.io/cluster';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** A workload's place: `region/zone/subzone`; a missing label is ''. */
export interface Locality {
  region: string;
  zone: string;
  subzone: string;
}

export function localityString(p: Locality): string {
  return `${p.region}/${p.zone}/${p.subzone}`.replace(/\/+$/, '');
}

/**
 * The place of a user population outside the mesh, as a locality whose region is `@<name>`
 * (a Kubernetes label value cannot hold '@', so it never meets a real region).
 */
export function usersRegion(name: string): string {
  return `@${name}`;
}

export function isUsersRegion(region: string): boolean {
  return region.startsWith('@');
}

export type PathClass = 'same-zone' | 'cross-zone' | 'cross-region' | 'internet';
export const PATH_CLASSES: readonly PathClass[] = ['same-zone', 'cross-zone', 'cross-region', 'internet'];

export function pathClass(a: Locality, b: Locality): PathClass {
  if (isUsersRegion(a.region) || isUsersRegion(b.region)) return 'internet';
  if (a.region !== b.region) return 'cross-region';
  if (a.zone !== b.zone) return 'cross-zone';
  return 'same-zone';
}

/** Interns locality strings to small integers so hot paths index arrays instead of maps. */
export class LocalityTable {
  readonly places: Locality[] = [];
  private readonly index = new Map<string, number>();

  intern(p: Locality): number {
    const key = localityString(p);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.places.length;
      this.places.push({ region: p.region, zone: p.zone, subzone: p.subzone });
      this.index.set(key, i);
    }
    return i;
  }

  name(i: number): string {
    return localityString(this.places[i]);
  }

  get size(): number {
    return this.places.length;
  }
}
