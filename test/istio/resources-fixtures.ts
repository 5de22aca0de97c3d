/**
 * Istio manifests copied verbatim from Istio's docs and samples (source named on each), plus
 * helpers to load them and to find the line of a text in them.
 */
import { Diagnostics, type Diagnostic } from '../../src/model/diagnostics.js';
import { parseYamlDocuments } from '../../src/model/yaml-source.js';
import { loadIstioResources, type IstioResources } from '../../src/istio/resources.js';

/** istio.io content/en/docs/tasks/traffic-management/locality-load-balancing/distribute/index.md */
export const HELLOWORLD_DISTRIBUTE = `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: helloworld
spec:
  host: helloworld.sample.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      localityLbSetting:
        enabled: true
        distribute:
        - from: region1/zone1/*
          to:
            "region1/zone1/*": 70
            "region1/zone2/*": 20
            "region3/zone4/*": 10
    outlierDetection:
      consecutive5xxErrors: 100
      interval: 1s
      baseEjectionTime: 1m
`;

/** istio.io content/en/docs/tasks/traffic-management/locality-load-balancing/failover/index.md */
export const HELLOWORLD_FAILOVER = `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: helloworld
spec:
  host: helloworld.sample.svc.cluster.local
  trafficPolicy:
    connectionPool:
      http:
        maxRequestsPerConnection: 1
    loadBalancer:
      simple: ROUND_ROBIN
      localityLbSetting:
        enabled: true
        failover:
          - from: region1
            to: region2
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 10m
`;

/** istio/istio samples/bookinfo/networking/destination-rule-all.yaml (four documents, trailing ---) */
export const BOOKINFO_DR_ALL = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: productpage
spec:
  host: productpage
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v3
    labels:
      version: v3
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ratings
spec:
  host: ratings
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v2-mysql
    labels:
      version: v2-mysql
  - name: v2-mysql-vm
    labels:
      version: v2-mysql-vm
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: details
spec:
  host: details
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
---
`;

/** istio/istio samples/bookinfo/networking/destination-rule-reviews.yaml */
export const BOOKINFO_DR_REVIEWS = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
  - name: v3
    labels:
      version: v3
`;

/** istio/istio samples/bookinfo/networking/virtual-service-reviews-90-10.yaml */
export const BOOKINFO_VS_REVIEWS_90_10 = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: reviews
        subset: v2
      weight: 10
`;

/** istio/istio samples/bookinfo/networking/virtual-service-reviews-jason-v2-v3.yaml */
export const BOOKINFO_VS_REVIEWS_JASON = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v3
`;

/** istio/istio samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml */
export const BOOKINFO_VS_RATINGS_DELAY = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    fault:
      delay:
        percent: 100
        fixedDelay: 7s
    route:
    - destination:
        host: ratings
        subset: v1
  - route:
    - destination:
        host: ratings
        subset: v1
`;

/** istio/api networking/v1alpha3/destination_rule.proto (DestinationRule doc, port-level example) */
export const DR_DOC_RATINGS_PORT = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: bookinfo-ratings-port
spec:
  host: ratings.prod.svc.cluster.local
  trafficPolicy: # Apply to all ports
    portLevelSettings:
    - port:
        number: 80
      loadBalancer:
        simple: LEAST_REQUEST
    - port:
        number: 9080
      loadBalancer:
        simple: ROUND_ROBIN
`;

/** istio/api networking/v1alpha3/destination_rule.proto (OutlierDetection doc example) */
export const DR_DOC_REVIEWS_CB = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-cb-policy
spec:
  host: reviews.prod.svc.cluster.local
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http2MaxRequests: 1000
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 7
      interval: 5m
      baseEjectionTime: 15m
`;

export interface Loaded {
  res: IstioResources;
  diags: Diagnostics;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** Parses and loads YAML text as one file. */
export function load(text: string, file = 'istio.yaml', defaultNamespace = 'default'): Loaded {
  const diags = new Diagnostics();
  const docs = parseYamlDocuments(text, file, diags);
  const res = loadIstioResources(docs, diags, { defaultNamespace });
  return { res, diags, errors: diags.errors, warnings: diags.warnings };
}

/** Loads several files, in order. */
export function loadFiles(files: Record<string, string>, defaultNamespace = 'default'): Loaded {
  const diags = new Diagnostics();
  const docs = Object.entries(files).flatMap(([name, text]) => parseYamlDocuments(text, name, diags));
  const res = loadIstioResources(docs, diags, { defaultNamespace });
  return { res, diags, errors: diags.errors, warnings: diags.warnings };
}

/** 1-based line of the `nth` line (0-based) containing `needle`. */
export function lineOf(text: string, needle: string, nth = 0): number {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits[nth] === undefined) throw new Error(`"${needle}" not found (${nth})`);
  return hits[nth];
}
