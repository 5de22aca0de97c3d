/**
 * The Kubernetes envelope of an Istio resource: apiVersion, kind, metadata. meshsim reads
 * DestinationRule, VirtualService and ServiceEntry in every version Istio serves (v1, v1beta1,
 * v1alpha3: same schema); anything else is an error naming the kind. `kind: List` (kubectl's
 * `get -o yaml` output) is unwrapped by the loader.
 */
import type { FieldPath, Locator } from '../model/diagnostics.js';
import { isDns1123Label } from './names.js';
import { describeValue, type Reporter } from './report.js';

export const ISTIO_KINDS = ['DestinationRule', 'VirtualService', 'ServiceEntry'] as const;
export type IstioKind = (typeof ISTIO_KINDS)[number];
/** crd-all.gen.yaml: the networking kinds are served as v1, v1beta1 and v1alpha3. */
export const ISTIO_API_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];

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
  spec: Record<string, unknown>;
}

/** Checks the envelope; undefined when the resource cannot be read further (errors reported). */
export function readEnvelope(data: Record<string, unknown>, defaultNamespace: string, report: Reporter): Envelope | undefined {
  const { apiVersion, kind, metadata, spec } = data;
  if (typeof kind !== 'string') {
    report.error(['kind'], kind === undefined ? 'required field is missing (DestinationRule, VirtualService or ServiceEntry)' : `expected a string, got ${describeValue(kind)}`);
    return undefined;
  }
  if (!(ISTIO_KINDS as readonly string[]).includes(kind)) {
    const group = typeof apiVersion === 'string' ? ` (${apiVersion})` : '';
    report.error(['kind'], `kind "${kind}"${group} is not supported: meshsim reads DestinationRule, VirtualService and ServiceEntry of networking.istio.io`);
    return undefined;
  }
  if (typeof apiVersion !== 'string' || !ISTIO_API_VERSIONS.includes(apiVersion)) {
    const got = apiVersion === undefined ? 'apiVersion is missing' : `apiVersion ${describeValue(apiVersion)} does not serve kind ${kind}`;
    report.error(['apiVersion'], `${got}; use networking.istio.io/v1 (v1beta1 and v1alpha3 are also accepted)`);
    return undefined;
  }
  for (const k of Object.keys(data)) {
    // `status` is written by Istio's controllers; it is not configuration.
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k)) report.error([k], `unknown field "${k}": a resource has apiVersion, kind, metadata and spec`);
  }
  if (!isMapping(metadata)) {
    report.error(['metadata'], metadata === undefined ? 'required field is missing (metadata.name)' : `expected a mapping, got ${describeValue(metadata)}`);
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(metadata)) {
    if (!OBJECT_META.has(k)) {
      report.error(['metadata', k], `unknown field "${k}": not part of Kubernetes ObjectMeta`);
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
  if (!isMapping(spec)) {
    report.error(['spec'], spec === undefined ? 'required field is missing' : `expected a mapping, got ${describeValue(spec)}`);
    ok = false;
  }
  if (!ok) return undefined;
  return {
    kind: kind as IstioKind,
    apiVersion,
    name: name as string,
    namespace: (namespace as string | undefined) ?? defaultNamespace,
    spec: spec as Record<string, unknown>,
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
