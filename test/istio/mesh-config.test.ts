/**
 * MeshConfig from its three sources (ConfigMap `istio` data.mesh, IstioOperator spec.meshConfig,
 * Helm values meshConfig), and Kubernetes v1 Services: what is read, what is an error (with its
 * line, also inside the `mesh` string), what is a warning, and what the pinned version accepts.
 */
import { describe, expect, it } from 'vitest';
import { istioApiFlags } from '../../src/istio/api-flags.js';
import { loadIstioResources } from '../../src/istio/resources.js';
import { Diagnostics } from '../../src/model/diagnostics.js';
import { parseYamlDocuments } from '../../src/model/yaml-source.js';
import { lineOf, load } from './resources-fixtures.js';

/** Istio's own mesh ConfigMap shape (manifests/charts/istio-control/istio-discovery templates/configmap.yaml). */
const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    connectTimeout: 2s
    rootNamespace: mesh-root
    localityLbSetting:
      enabled: true
      failover:
      - from: us-west1
        to: us-central1
    defaultHttpRetryPolicy:
      attempts: 3
      retryOn: connect-failure,503
    defaultConfig:
      proxyMetadata:
        ISTIO_META_ENABLE_SELF_DISCOVERY: "true"
  meshNetworks: |-
    networks: {}
`;

const withFlags = (text: string, version: [number, number]) => {
  const diags = new Diagnostics();
  const res = loadIstioResources(parseYamlDocuments(text, 'mesh.yaml', diags), diags, { defaultNamespace: 'default', flags: istioApiFlags(version) });
  return { res, errors: diags.errors, warnings: diags.warnings };
};

describe('MeshConfig sources', () => {
  it('ConfigMap istio: data.mesh is MeshConfig YAML; the simulated fields are read', () => {
    const { res, errors, warnings } = load(CONFIGMAP);
    expect(errors).toEqual([]);
    expect(res.meshConfig).toMatchObject({
      source: { kind: 'ConfigMap', name: 'istio' },
      connectTimeoutMs: 2000,
      rootNamespace: 'mesh-root',
      localityLbSetting: { enabled: true, failover: [{ from: 'us-west1', to: 'us-central1' }] },
      defaultHttpRetryPolicy: { attempts: 3, retryOn: ['connect-failure', '503'] },
      selfDiscovery: true,
    });
    // rootNamespace decides where DestinationRules apply mesh-wide
    expect(res.rootNamespace).toBe('mesh-root');
    // connectTimeout and defaultHttpRetryPolicy are simulated; meshNetworks is not.
    expect(warnings.map((w) => w.path)).toEqual(['data.meshNetworks']);
  });

  it('an unknown MeshConfig field is an error on its own line inside the mesh string', () => {
    const text = CONFIGMAP.replace('    rootNamespace: mesh-root', '    rootNamespaces: mesh-root');
    const { errors } = load(text);
    expect(errors).toEqual([expect.objectContaining({ path: 'data.mesh.rootNamespaces', line: lineOf(text, 'rootNamespaces'), column: 5, message: 'unknown field "rootNamespaces"; did you mean "rootNamespace"?' })]);
  });

  it('a YAML mistake inside the mesh string names the line in the file', () => {
    const text = CONFIGMAP.replace('    connectTimeout: 2s', '    connectTimeout: 2s\n      bad: indent');
    const { errors } = load(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].path.startsWith('data.mesh')).toBe(true);
    expect(errors[0].line).toBeGreaterThanOrEqual(lineOf(text, 'connectTimeout'));
    expect(errors[0].line).toBeLessThanOrEqual(lineOf(text, 'bad: indent'));
  });

  it('Istio validation: a bad connectTimeout and a failover to the same region', () => {
    const text = CONFIGMAP.replace('connectTimeout: 2s', 'connectTimeout: 500us').replace('to: us-central1', 'to: us-west1');
    const { errors } = load(text);
    expect(errors.map((e) => e.path).sort()).toEqual(['data.mesh.connectTimeout', 'data.mesh.localityLbSetting.failover[0]']);
  });

  it('IstioOperator spec.meshConfig; the installation fields are warnings', () => {
    const { res, errors, warnings } = load(`apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
spec:
  profile: default
  meshConfig:
    localityLbSetting:
      enabled: false
    accessLogFile: /dev/stdout
`);
    expect(errors).toEqual([]);
    expect(res.meshConfig).toMatchObject({ source: { kind: 'IstioOperator' }, localityLbSetting: { enabled: false } });
    expect(warnings.map((w) => w.path)).toEqual(['spec.profile', 'spec.meshConfig.accessLogFile']);
  });

  it('Helm values: top-level meshConfig, no kind', () => {
    const { res, errors, warnings } = load(`pilot:\n  autoscaleEnabled: false\nmeshConfig:\n  connectTimeout: 250ms\n`, 'values.yaml');
    expect(errors).toEqual([]);
    expect(res.meshConfig).toMatchObject({ source: { kind: 'Helm values', file: 'values.yaml' }, connectTimeoutMs: 250 });
    expect(warnings.map((w) => w.path)).toEqual(['pilot']);
  });

  it('two mesh configs: the second is an error (istiod reads one)', () => {
    const { errors } = load(`${CONFIGMAP}---\nmeshConfig: {}\n`);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/a second mesh config: ConfigMap istio/) })]);
  });

  it('a ConfigMap with another name is not the mesh config (warning)', () => {
    const { res, warnings } = load(CONFIGMAP.replace('name: istio', 'name: app-settings'));
    expect(res.meshConfig).toBeUndefined();
    expect(warnings[0]).toMatchObject({ path: 'metadata.name', message: expect.stringMatching(/not Istio's mesh config/) });
  });

  it('zoneAwareLbSetting and defaultTrafficPolicy need Istio 1.31', () => {
    const text = `meshConfig:\n  zoneAwareLbSetting:\n    minClusterSize: 3\n  defaultTrafficPolicy:\n    outlierDetection: {}\n`;
    expect(withFlags(text, [1, 31]).errors).toEqual([]);
    expect(withFlags(text, [1, 31]).res.meshConfig).toMatchObject({ zoneAwareLbSetting: { minClusterSize: 3 }, defaultTrafficPolicy: { outlierDetection: {} } });
    const old = withFlags(text, [1, 30]);
    expect(old.errors.map((e) => e.path)).toEqual(['meshConfig.zoneAwareLbSetting', 'meshConfig.defaultTrafficPolicy']);
    expect(old.errors[0].message).toMatch(/exists from Istio 1.31 \(pinned 1.30\)/);
  });

  it('a DestinationRule zoneAwareLbSetting with a pinned 1.30 is an error naming the field', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      zoneAwareLbSetting: {enabled: true}\n';
    const old = withFlags(text, [1, 30]);
    expect(old.errors).toEqual([expect.objectContaining({ path: 'spec.trafficPolicy.loadBalancer.zoneAwareLbSetting', line: lineOf(text, 'zoneAwareLbSetting') })]);
    expect(withFlags(text, [1, 31]).errors).toEqual([]);
  });
});

describe('Kubernetes Service', () => {
  const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: helloworld
  namespace: sample
  labels: {app: helloworld}
spec:
  selector:
    app: helloworld
  ports:
  - name: http
    port: 5000
    targetPort: 5000
  trafficDistribution: PreferClose
`;

  it('selector, ports and trafficDistribution are read', () => {
    const { res, errors, warnings } = load(SERVICE);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(res.kubeServices).toEqual([expect.objectContaining({ fqdn: 'helloworld.sample.svc.cluster.local', selector: { app: 'helloworld' }, ports: [{ name: 'http', port: 5000 }], trafficDistribution: 'PreferClose', trafficDistributionFrom: 'spec' })]);
  });

  it('an unknown trafficDistribution value is rejected as the API server does', () => {
    const text = SERVICE.replace('PreferClose', 'PreferNearby');
    const { errors } = load(text);
    expect(errors).toEqual([expect.objectContaining({ path: 'spec.trafficDistribution', line: lineOf(text, 'PreferNearby'), message: 'expected one of "PreferClose", "PreferSameZone", "PreferSameNode"; got "PreferNearby"' })]);
  });

  it("Istio's annotation applies when the field is unset; the field wins otherwise", () => {
    const annotated = SERVICE.replace('  labels: {app: helloworld}', '  annotations:\n    networking.istio.io/traffic-distribution: PreferSameZone').replace('  trafficDistribution: PreferClose\n', '');
    expect(load(annotated).res.kubeServices[0]).toMatchObject({ trafficDistribution: 'PreferSameZone', trafficDistributionFrom: 'annotation' });
    const both = SERVICE.replace('  labels: {app: helloworld}', '  annotations:\n    networking.istio.io/traffic-distribution: PreferSameNode');
    const l = load(both);
    expect(l.res.kubeServices[0].trafficDistribution).toBe('PreferClose');
    expect(l.warnings[0].message).toMatch(/spec.trafficDistribution \(PreferClose\) takes precedence/);
  });

  it('unsimulated ServiceSpec fields are warnings; unknown ones errors', () => {
    expect(load(SERVICE.replace('  selector:', '  sessionAffinity: ClientIP\n  selector:')).warnings.map((w) => w.path)).toEqual(['spec.sessionAffinity']);
    expect(load(SERVICE.replace('  selector:', '  selectr: {}\n  selector:')).errors.map((e) => e.path)).toEqual(['spec.selectr']);
  });

  it('several unnamed ports and a name that is no DNS-1035 label are errors', () => {
    const text = SERVICE.replace('  - name: http\n    port: 5000', '  - port: 5000\n  - port: 5001').replace('name: helloworld\n  namespace', 'name: hello.world\n  namespace');
    expect(load(text).errors.map((e) => e.path).sort()).toEqual(['metadata.name', 'spec.ports[0].name', 'spec.ports[1].name']);
  });
});
