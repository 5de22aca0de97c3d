/**
 * The three places an installation keeps its MeshConfig, read into one LoadedMeshConfig
 * (mesh-config.ts reads the MeshConfig itself):
 *   - ConfigMap `istio` (or `istio-<revision>`), `data.mesh`: a YAML string istiod parses
 *     (pkg/config/mesh/meshwatcher: the `mesh` key; `meshNetworks` is another key);
 *   - IstioOperator `spec.meshConfig` (install.istio.io/v1alpha1; the other spec fields install
 *     Istio and are not simulated);
 *   - Helm values of the `istiod` chart: top-level `meshConfig` (other values are not simulated).
 *
 * Positions inside `data.mesh`: the string's own lines are offset by the line of the `mesh:` key
 * (a `mesh: |` block starts on the next line); columns assume the usual two-space indentation.
 */
import { Diagnostics, formatPath, type FieldPath, type Locator } from '../model/diagnostics.js';
import { parseYamlDocuments } from '../model/yaml-source.js';
import type { Envelope, ResourceMeta } from './envelope.js';
import { isMapping } from './envelope.js';
import type { IstioApiFlags } from './api-flags.js';
import { isMeshConfigMapName, readMeshConfig, type LoadedMeshConfig } from './mesh-config.js';
import { describeValue } from '../model/schema-issues.js';
import type { Reporter } from './report.js';

/** ConfigMap `istio`: `data.mesh` parsed as MeshConfig YAML. Undefined when it is not a mesh config or cannot be read. */
export function meshConfigFromConfigMap(env: Envelope, meta: ResourceMeta, report: Reporter, diags: Diagnostics, flags?: IstioApiFlags): LoadedMeshConfig | undefined {
  if (!isMeshConfigMapName(env.name)) {
    report.warning(['metadata', 'name'], `ConfigMap "${env.name}" is not Istio's mesh config (named "istio" or "istio-<revision>"); meshsim ignores it`);
    return undefined;
  }
  if (env.namespaceSet && env.namespace !== 'istio-system') {
    report.warning(['metadata', 'namespace'], `istiod reads its mesh ConfigMap in its own namespace (istio-system by default), not "${env.namespace}"; meshsim reads it anyway`);
  }
  const data = env.body.data;
  if (data !== undefined && !isMapping(data)) {
    report.error(['data'], `expected a mapping of strings, got ${describeValue(data)}`);
    return undefined;
  }
  for (const [k, v] of Object.entries(data ?? {})) {
    if (typeof v !== 'string') report.error(['data', k], `expected a string (ConfigMap values are strings; write the MeshConfig as a block: "mesh: |"), got ${describeValue(v)}`);
    else if (k === 'meshNetworks') report.warning(['data', k], 'not simulated: meshsim takes networks and their gateways from the scenario');
    else if (k !== 'mesh') report.warning(['data', k], `not read: istiod reads the keys "mesh" and "meshNetworks" of this ConfigMap`);
  }
  const text = data?.mesh;
  if (typeof text !== 'string') return typeof data?.mesh === 'undefined' ? { selfDiscovery: false, source: { kind: 'ConfigMap', name: env.name, file: meta.file } } : undefined;
  const base: FieldPath = [...meta.prefix, 'data', 'mesh'];
  const key = meta.locate(base);
  const multiline = text.includes('\n');
  const shift = (p: { line: number; column: number } | undefined) =>
    p === undefined || key === undefined ? key : multiline ? { line: key.line + p.line, column: key.column + 1 + p.column } : key;
  const inner = new Diagnostics();
  const docs = parseYamlDocuments(text, meta.file, inner);
  for (const d of inner.items) {
    const pos = shift(d.line === undefined ? undefined : { line: d.line, column: d.column ?? 1 });
    diags.items.push({ ...d, line: pos?.line ?? d.line, column: pos?.column ?? d.column, path: d.path === '(syntax)' ? formatPath(base) : `${formatPath(base)}.${d.path}` });
  }
  if (inner.hasErrors) return undefined;
  const doc = docs[0];
  const innerLocate: Locator = (p) => (doc === undefined ? key : shift(doc.locate(p)));
  const locate: Locator = (p) => (p.length >= base.length && base.every((b, i) => p[i] === b) ? innerLocate(p.slice(base.length)) : meta.locate(p));
  const meshReport: Reporter = {
    error: (p, m) => diags.error(meta.file, locate, [...base, ...p], m),
    warning: (p, m) => diags.warning(meta.file, locate, [...base, ...p], m),
  };
  if (docs.length > 1) report.warning(['data', 'mesh'], 'the mesh config holds several YAML documents; istiod reads one MeshConfig');
  const mesh = readMeshConfig(doc?.data ?? null, [], meshReport, flags);
  return mesh && { ...mesh, source: { kind: 'ConfigMap', name: env.name, file: meta.file } };
}

/** IstioOperator `spec.meshConfig`; the installation fields around it are not simulated. */
export function meshConfigFromIstioOperator(env: Envelope, meta: ResourceMeta, report: Reporter, flags?: IstioApiFlags): LoadedMeshConfig | undefined {
  for (const k of Object.keys(env.spec)) {
    if (k !== 'meshConfig') report.warning(['spec', k], `not simulated: IstioOperator spec.${k} configures the installation, not traffic`);
  }
  const mesh = readMeshConfig(env.spec.meshConfig ?? null, ['spec', 'meshConfig'], report, flags);
  return mesh && { ...mesh, source: { kind: 'IstioOperator', name: env.name, file: meta.file } };
}

/** Is this document Helm values for istiod (a mapping with `meshConfig` and no kind)? */
export function isHelmValues(data: Record<string, unknown>): boolean {
  return data.kind === undefined && data.apiVersion === undefined && 'meshConfig' in data;
}

/** Helm values: top-level `meshConfig`; the other values are not simulated. */
export function meshConfigFromHelmValues(data: Record<string, unknown>, meta: ResourceMeta, report: Reporter, flags?: IstioApiFlags): LoadedMeshConfig | undefined {
  for (const k of Object.keys(data)) {
    if (k !== 'meshConfig') report.warning([k], `not simulated: Helm value ${k} configures the installation, not traffic`);
  }
  const mesh = readMeshConfig(data.meshConfig ?? null, ['meshConfig'], report, flags);
  return mesh && { ...mesh, source: { kind: 'Helm values', name: meta.file, file: meta.file } };
}
