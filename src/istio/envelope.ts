/**
 * The Kubernetes envelope of a resource: apiVersion, kind, metadata. meshsim reads DestinationRule,
 * VirtualService and ServiceEntry in every version Istio serves (v1, v1beta1, v1alpha3: same
 * schema), the core `v1` Service and ConfigMap (Istio's mesh config is the ConfigMap `istio`), and
 * the `install.istio.io/v1alpha1` IstioOperator (its `spec.meshConfig`); anything else is an error
 * naming the kind. `kind: List` (kubectl's `get -o yaml` output) is unwrapped by the loader.
 */
import type { FieldPath, Locator } from '../model/diagnostics.js';
import { isDns1123Label } from './names.js';
import { describeValue, unknownFieldMessage } from '../model/schema-issues.js';
import type { Reporter } from './report.js';

export const ISTIO_KINDS = ['DestinationRule', 'VirtualService', 'ServiceEntry', 'Service', 'ConfigMap', 'IstioOperator'] as const;
export type IstioKind = (typeof ISTIO_KINDS)[number];
/** crd-all.gen.yaml: the networking kinds are served as v1, v1beta1 and v1alpha3. */
export const ISTIO_API_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];

/** The apiVersions that serve each kind, and its top-level fields besides apiVersion, kind, metadata, status. */
const KINDS: Record<IstioKind, { versions: readonly string[]; fields: readonly string[]; spec: 'required' | 'optional' | 'none' }> = {
  DestinationRule: { versions: ISTIO_API_VERSIONS, fields: ['spec'], spec: 'required' },
  VirtualService: { versions: ISTIO_API_VERSIONS, fields: ['spec'], spec: 'required' },
  ServiceEntry: { versions: ISTIO_API_VERSIONS, fields: ['spec'], spec: 'required' },
  // Kubernetes core/v1 Service and ConfigMap (k8s.io/api core/v1 types.go).
  Service: { versions: ['v1'], fields: ['spec'], spec: 'optional' },
  ConfigMap: { versions: ['v1'], fields: ['data', 'binaryData', 'immutable'], spec: 'none' },
  // istio/istio operator/pkg/apis IstioOperator.
  IstioOperator: { versions: ['install.istio.io/v1alpha1'], fields: ['spec'], spec: 'optional' },
};
const SUPPORTED = 'DestinationRule, VirtualService and ServiceEntry of networking.istio.io, v1 Service and ConfigMap, and IstioOperator';

/** Where a resource came from and who it is. */
export interface ResourceMeta {
  apiVersion: string;
  name: string;
  /** metadata.namespace, else the loader's default namespace. */
  namespace: string;
  file: string;
  /** Position in the input (creation order: Istio sorts by creationTimestamp, meshsim by file order). */
  order: number;
  /** The document's locator: use it with `[...prefix, ...pathInResource]`. */
  locate: Locator;
  /** The resource's path inside its document: `[]`, or `['items', i]` in a List. */
  prefix: FieldPath;
}

// Kubernetes ObjectMeta fields (apimachinery meta/v1 ObjectMeta).
const OBJECT_META = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface Envelope {
  kind: IstioKind;
  apiVersion: string;
  name: string;
  namespace: string;
  /** metadata.namespace was written (not defaulted). */
  namespaceSet: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `spec` (an empty mapping for a kind without one, or when an optional spec is absent). */
  spec: Record<string, unknown>;
  /** The top-level fields besides apiVersion, kind, metadata and status (ConfigMap: data, binaryData, immutable). */
  body: Record<string, unknown>;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isMapping(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Checks the envelope; undefined when the resource cannot be read further (errors reported). */
export function readEnvelope(data: Record<string, unknown>, defaultNamespace: string, report: Reporter): Envelope | undefined {
  const { apiVersion, kind, metadata, spec } = data;
  if (typeof kind !== 'string') {
    report.error(['kind'], kind === undefined ? 'required field is missing (DestinationRule, VirtualService, ServiceEntry, Service, ConfigMap or IstioOperator)' : `expected a string, got ${describeValue(kind)}`);
    return undefined;
  }
  if (!(ISTIO_KINDS as readonly string[]).includes(kind)) {
    const group = typeof apiVersion === 'string' ? ` (${apiVersion})` : '';
    report.error(['kind'], `kind "${kind}"${group} is not supported: meshsim reads ${SUPPORTED}`);
    return undefined;
  }
  const k8sKind = KINDS[kind as IstioKind];
  if (typeof apiVersion !== 'string' || !k8sKind.versions.includes(apiVersion)) {
    const got = apiVersion === undefined ? 'apiVersion is missing' : `apiVersion ${describeValue(apiVersion)} does not serve kind ${kind}`;
    const use = k8sKind.versions === ISTIO_API_VERSIONS ? 'networking.istio.io/v1 (v1beta1 and v1alpha3 are also accepted)' : k8sKind.versions[0];
    report.error(['apiVersion'], `${got}; use ${use}`);
    return undefined;
  }
  for (const k of Object.keys(data)) {
    // `status` is written by controllers; it is not configuration.
    if (!['apiVersion', 'kind', 'metadata', 'status', ...k8sKind.fields].includes(k)) {
      report.error([k], unknownFieldMessage(k, ['apiVersion', 'kind', 'metadata', ...k8sKind.fields]));
    }
  }
  if (!isMapping(metadata)) {
    report.error(['metadata'], metadata === undefined ? 'required field is missing (metadata.name)' : `expected a mapping, got ${describeValue(metadata)}`);
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(metadata)) {
    if (!OBJECT_META.has(k)) {
      report.error(['metadata', k], unknownFieldMessage(k, [...OBJECT_META]));
      ok = false;
    }
  }
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    report.error(['metadata', 'name'], name === undefined ? 'required field is missing' : `${describeValue(name)} is not a valid name (lower-case letters, digits, "-" and ".")`);
    ok = false;
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || !isDns1123Label(namespace))) {
    report.error(['metadata', 'namespace'], `${describeValue(namespace)} is not a valid namespace (a DNS-1123 label)`);
    ok = false;
  }
  if (k8sKind.spec !== 'none' && !isMapping(spec) && !(spec === undefined && k8sKind.spec === 'optional')) {
    report.error(['spec'], spec === undefined ? 'required field is missing' : `expected a mapping, got ${describeValue(spec)}`);
    ok = false;
  }
  for (const f of ['labels', 'annotations'] as const) {
    const v = metadata[f];
    if (v !== undefined && (!isMapping(v) || Object.values(v).some((x) => typeof x !== 'string'))) {
      report.error(['metadata', f], `expected a mapping of strings (quote numbers and booleans), got ${describeValue(v)}`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  const body = Object.fromEntries(k8sKind.fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));
  return {
    kind: kind as IstioKind,
    apiVersion,
    name: name as string,
    namespace: (namespace as string | undefined) ?? defaultNamespace,
    namespaceSet: namespace !== undefined,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    spec: isMapping(spec) ? spec : {},
    body,
  };
}

/** Drops null fields below `path`; warns about each when a reporter is given. */
function dropNulls(value: unknown, path: FieldPath, report: Reporter | undefined): unknown {
  if (Array.isArray(value)) return value.map((v, i) => dropNulls(v, [...path, i], report));
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) report?.warning([...path, k], `"${k}: null" is dropped, as Kubernetes drops null fields (write "${k}: {}" for an object with default settings)`);
    else out[k] = dropNulls(v, [...path, k], report);
  }
  return out;
}

/**
 * Kubernetes prunes null fields that are not nullable; meshsim drops every null field. Under
 * `spec` each one is a warning (`outlierDetection:` with nothing after it does not enable outlier
 * detection); elsewhere (`metadata.creationTimestamp: null`, as kubectl writes it) quietly.
 */
export function dropNullFields(data: Record<string, unknown>, report: Reporter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (v !== null) out[k] = dropNulls(v, [k], k === 'spec' ? report : undefined);
  return out;
}
