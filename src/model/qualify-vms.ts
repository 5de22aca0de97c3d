/**
 * Qualification of VMs joined to the mesh (`clusters[].platform: vm`) and of their health timings
 * (`vm:`). A group of VMs is registered in a Kubernetes cluster of its mesh: that cluster's API
 * server holds their WorkloadEntries (Istio's VM install: `istioctl x workload entry configure
 * --clusterID <cluster>`; the WorkloadGroup and auto-registered WorkloadEntries live there) and the
 * istiod serving that cluster configures their proxies. So a mesh needs a Kubernetes cluster for
 * its VMs to join, and the VMs' Istio cluster ID (`clusterId`) is that cluster's.
 *
 * Default `registeredIn`: the primary of a primary-remote mesh (its only istiod), else the mesh's
 * first Kubernetes cluster.
 */
import { err, ms, probeMs, type Ctx } from './qualify-common.js';
import type { ScenarioParsed } from './schema.js';
import type { ClusterSpec, MeshSpec, VmSpec } from './scenario.js';

/** Fills each VM group's clusterId from `registeredIn` (or its default), checking it. */
export function qualifyVmRegistration(ctx: Ctx, s: ScenarioParsed, clusters: ClusterSpec[], meshes: MeshSpec[]): void {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  clusters.forEach((c, i) => {
    if (c.platform !== 'vm') return;
    const mesh = meshes.find((m) => m.name === c.mesh);
    if (mesh === undefined) return; // a cluster in no mesh: reported by qualifyMeshes
    const kube = mesh.clusters.filter((n) => byName.get(n)?.platform === 'kubernetes');
    const asked = s.clusters[i].registeredIn;
    const path = ['clusters', i, 'registeredIn'];
    if (asked === undefined) {
      if (kube.length === 0) {
        err(ctx, ['clusters', i, 'platform'], `VMs join a mesh through a Kubernetes cluster (its API server holds their WorkloadEntries, its istiod configures them): mesh "${mesh.name}" has none; add one to the mesh`);
        return;
      }
      c.clusterId = mesh.controlPlane.model === 'primary-remote' && mesh.controlPlane.primary !== undefined ? mesh.controlPlane.primary : kube[0];
      return;
    }
    const target = byName.get(asked);
    if (target === undefined) err(ctx, path, `unknown cluster "${asked}"; clusters: ${[...byName.keys()].join(', ')}`);
    else if (target.platform !== 'kubernetes') err(ctx, path, `"${asked}" is a group of VMs too: VMs register in a Kubernetes cluster (${kube.join(', ') || `mesh "${mesh.name}" has none`})`);
    else if (target.mesh !== c.mesh) err(ctx, path, `"${asked}" is in mesh "${target.mesh}", not in this group's mesh "${c.mesh}": VMs register in a cluster of their own mesh (${kube.join(', ') || 'none'})`);
    else c.clusterId = asked;
  });
}

export function qualifyVm(ctx: Ctx, s: ScenarioParsed): VmSpec {
  const v = s.vm;
  return {
    probePeriodMs: probeMs(ctx, v.probe.period, ['vm', 'probe', 'period'], 'periodSeconds'),
    probeTimeoutMs: probeMs(ctx, v.probe.timeout, ['vm', 'probe', 'timeout'], 'timeoutSeconds'),
    failureThreshold: v.probe.failureThreshold,
    successThreshold: v.probe.successThreshold,
    keepaliveIntervalMs: ms(ctx, v.keepalive.interval, ['vm', 'keepalive', 'interval']),
    keepaliveTimeoutMs: ms(ctx, v.keepalive.timeout, ['vm', 'keepalive', 'timeout']),
    gracePeriodMs: ms(ctx, v.gracePeriod, ['vm', 'gracePeriod']),
  };
}
