/**
 * Istio's MeshConfig (istio.mesh.v1alpha1), the mesh-wide defaults a DestinationRule overrides,
 * read from where an installation keeps it:
 *   - the ConfigMap `istio` (or `istio-<revision>`), key `mesh`: MeshConfig as a YAML string;
 *   - an IstioOperator's `spec.meshConfig`;
 *   - Helm values (`istiod` chart): a document whose top level has `meshConfig` and no `kind`.
 *
 * Simulated fields: `localityLbSetting`, `zoneAwareLbSetting` (1.31), `connectTimeout`,
 * `defaultHttpRetryPolicy`, `defaultTrafficPolicy` (1.31), `rootNamespace`, and
 * `defaultConfig.proxyMetadata.ISTIO_META_ENABLE_SELF_DISCOVERY` (1.31: the proxies get a
 * `local_cluster`, Envoy's input for zone-aware routing). Other MeshConfig fields are warnings;
 * a field MeshConfig does not have is an error (istiod rejects the mesh config).
 *
 * Istio merges the user's mesh config onto DefaultMeshConfig field by field, replacing each field
 * written, except `defaultConfig`, which is merged (pkg/config/mesh/mesh.go ApplyMeshConfig).
 * Unset fields keep their defaults: `localityLbSetting: {enabled: true}`, `connectTimeout: 10s`,
 * `rootNamespace: istio-system` (mesh.go DefaultMeshConfig).
 */
import { z } from 'zod';
import type { FieldPath } from '../model/diagnostics.js';
import { LocalityLbSettingSchema, TrafficPolicySchema } from './dr-schema.js';
import { HTTPRetrySchema, resolveRetries, validateHttpRetry, type ResolvedRetries } from './http-retry.js';
import type { IstioApiFlags } from './api-flags.js';
import { validateLocalityLbSetting, type LocalityLbSetting } from './locality-setting.js';
import { isDns1123Label } from './names.js';
import { describeValue } from '../model/schema-issues.js';
import { reportZodIssues, type Reporter } from './report.js';
import { Duration } from './schema-common.js';
import { durationField, validateTrafficPolicy } from './traffic-policy-validate.js';
import type { TrafficPolicyModel } from './traffic-policy-model.js';
import { validateZoneAwareLbSetting, ZoneAwareLbSettingSchema, zoneAwareModel, type ZoneAwareLbSetting } from './zone-aware-setting.js';

/** The proxyMetadata key that gives a 1.31 sidecar its `local_cluster` (proxy self-discovery). */
export const SELF_DISCOVERY_METADATA = 'ISTIO_META_ENABLE_SELF_DISCOVERY';

/** MeshConfig fields meshsim does not simulate (istio/api mesh/v1alpha1/config.proto, deprecated ones included). */
const UNSIMULATED = [
  'proxyListenPort', 'proxyInboundListenPort', 'proxyHttpPort', 'protocolDetectionTimeout', 'tcpKeepalive', 'ingressClass',
  'ingressService', 'ingressControllerMode', 'ingressSelector', 'enableTracing', 'accessLogFile', 'accessLogFormat',
  'accessLogEncoding', 'enableEnvoyAccessLogService', 'disableEnvoyListenerLog', 'outboundTrafficPolicy',
  'inboundTrafficPolicy', 'configSources', 'enableAutoMtls', 'trustDomain', 'trustDomainAliases', 'caCertificates',
  'defaultServiceExportTo', 'defaultVirtualServiceExportTo', 'defaultDestinationRuleExportTo', 'dnsRefreshRate',
  'h2UpgradePolicy', 'inboundClusterStatName', 'outboundClusterStatName', 'certificates', 'thriftConfig', 'serviceSettings',
  'enablePrometheusMerge', 'verifyCertificateAtClient', 'ca', 'extensionProviders', 'defaultProviders', 'discoverySelectors',
  'pathNormalization', 'meshMTLS', 'tlsDefaults', 'serviceScopeConfigs',
  // deprecated or removed, still accepted by the proto
  'mixerCheckServer', 'mixerReportServer', 'disablePolicyChecks', 'disableMixerHttpReports', 'policyCheckFailOpen',
  'sidecarToTelemetrySessionAffinity', 'sdsUdsPath', 'sdsRefreshDelay', 'enableSdsTokenMount', 'authPolicy',
  'rdsRefreshDelay', 'mixerAddress', 'enableClientSidePolicyCheck',
] as const;

const MeshConfigSchema = z.strictObject({
  localityLbSetting: LocalityLbSettingSchema.optional(),
  zoneAwareLbSetting: ZoneAwareLbSettingSchema.optional(),
  connectTimeout: Duration.optional(),
  defaultHttpRetryPolicy: HTTPRetrySchema.optional(),
  defaultTrafficPolicy: TrafficPolicySchema.optional(),
  rootNamespace: z.string().optional(),
  // ProxyConfig: only proxyMetadata is read; its other fields are warnings.
  defaultConfig: z.looseObject({ proxyMetadata: z.record(z.string(), z.string()).optional() }).optional(),
  ...Object.fromEntries(UNSIMULATED.map((f) => [f, z.unknown().optional()])),
});

/** The simulated MeshConfig; a field is present only when the user's config sets it. */
export interface MeshConfigModel {
  localityLbSetting?: LocalityLbSetting;
  /** Istio 1.31. */
  zoneAwareLbSetting?: ZoneAwareLbSetting;
  connectTimeoutMs?: number;
  /** Used by routes without VirtualService `retries` (route.go routeDestination: mesh.GetDefaultHttpRetryPolicy()). */
  defaultHttpRetryPolicy?: ResolvedRetries;
  /** Istio 1.31: the baseline unset DestinationRule blocks inherit. */
  defaultTrafficPolicy?: TrafficPolicyModel;
  rootNamespace?: string;
  /** `defaultConfig.proxyMetadata.ISTIO_META_ENABLE_SELF_DISCOVERY: "true"` (1.31). */
  selfDiscovery: boolean;
}

/** A MeshConfig and where it was read from (for messages). */
export interface LoadedMeshConfig extends MeshConfigModel {
  source: { kind: 'ConfigMap' | 'IstioOperator' | 'Helm values'; name: string; file: string };
}

/**
 * Reads a MeshConfig mapping. `path` is its position in the resource (e.g. `['spec', 'meshConfig']`);
 * `flags` (the pinned version's API) turns fields the version does not know into errors.
 */
export function readMeshConfig(raw: unknown, path: FieldPath, report: Reporter, flags?: IstioApiFlags): MeshConfigModel | undefined {
  if (raw === null || raw === undefined) return { selfDiscovery: false };
  const parsed = MeshConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, path, MeshConfigSchema, report);
    return undefined;
  }
  const m = parsed.data;
  const out: MeshConfigModel = { selfDiscovery: false };
  const at = (...p: (string | number)[]) => [...path, ...p];
  const since131 = (field: string) => `${field} exists from Istio 1.31 (pinned ${flags?.version.join('.')}): istiod rejects a mesh config with a field it does not know`;
  if (m.localityLbSetting !== undefined) {
    const s = m.localityLbSetting;
    const setting: LocalityLbSetting = {
      ...(s.enabled !== undefined && s.enabled !== null ? { enabled: s.enabled } : {}),
      ...(s.distribute ? { distribute: s.distribute.map((d) => ({ from: d.from ?? '', to: d.to ?? {} })) } : {}),
      ...(s.failover ? { failover: s.failover.map((f) => ({ from: f.from ?? '', to: f.to ?? '' })) } : {}),
      ...(s.failoverPriority ? { failoverPriority: s.failoverPriority } : {}),
    };
    // agent.ValidateMeshConfig: ValidateLocalityLbSetting(mesh.LocalityLbSetting, &OutlierDetection{}) — no outlier warning
    const v = validateLocalityLbSetting(setting, true);
    for (const e of v.errors) report.error(at('localityLbSetting', ...e.path), e.message);
    out.localityLbSetting = setting;
  }
  if (m.zoneAwareLbSetting !== undefined) {
    if (flags !== undefined && !flags.zoneAwareLbSetting) report.error(at('zoneAwareLbSetting'), since131('zoneAwareLbSetting'));
    const setting = zoneAwareModel(m.zoneAwareLbSetting);
    for (const e of validateZoneAwareLbSetting(setting).errors) report.error(at('zoneAwareLbSetting', ...e.path), e.message);
    out.zoneAwareLbSetting = setting;
  }
  // agent.ValidateMeshConfig: ValidateDuration(mesh.ConnectTimeout)
  const connect = durationField(m.connectTimeout, at('connectTimeout'), report);
  if (connect !== undefined) {
    out.connectTimeoutMs = connect;
  }
  if (m.defaultHttpRetryPolicy !== undefined) {
    validateHttpRetry(m.defaultHttpRetryPolicy, at('defaultHttpRetryPolicy'), report);
    out.defaultHttpRetryPolicy = resolveRetries(m.defaultHttpRetryPolicy);
  }
  if (m.defaultTrafficPolicy !== undefined) {
    if (flags !== undefined && !flags.meshDefaultTrafficPolicy) report.error(at('defaultTrafficPolicy'), since131('defaultTrafficPolicy'));
    out.defaultTrafficPolicy = validateTrafficPolicy(m.defaultTrafficPolicy, at('defaultTrafficPolicy'), report);
  }
  if (m.rootNamespace !== undefined) {
    if (!isDns1123Label(m.rootNamespace)) report.error(at('rootNamespace'), `${describeValue(m.rootNamespace)} is not a valid namespace (a DNS-1123 label)`);
    else out.rootNamespace = m.rootNamespace;
  }
  if (m.defaultConfig !== undefined) {
    for (const k of Object.keys(m.defaultConfig)) {
      if (k !== 'proxyMetadata') report.warning(at('defaultConfig', k), `not simulated: ProxyConfig ${k} has no effect on simulated traffic`);
    }
    for (const [k, v] of Object.entries(m.defaultConfig.proxyMetadata ?? {})) {
      const p = at('defaultConfig', 'proxyMetadata', k);
      if (k !== SELF_DISCOVERY_METADATA) {
        report.warning(p, `not simulated: proxy metadata ${k} has no effect on simulated traffic`);
        continue;
      }
      // pilot-agent: the bootstrap gets a local_cluster (self-discovery) when the value is "true"
      out.selfDiscovery = v === 'true';
      if (flags !== undefined && !flags.zoneAwareLbSetting) report.warning(p, `proxy self-discovery exists from Istio 1.31 (pinned ${flags.version.join('.')}); it has no effect`);
    }
  }
  for (const f of UNSIMULATED) {
    if ((m as Record<string, unknown>)[f] !== undefined) report.warning(at(f), `not simulated: MeshConfig ${f} has no effect on simulated traffic`);
  }
  return out;
}

/** Istio's mesh ConfigMap names: `istio`, or `istio-<revision>` for a revisioned control plane. */
export function isMeshConfigMapName(name: string): boolean {
  return name === 'istio' || name.startsWith('istio-');
}
