/**
 * meshsim's checks on the scenario itself: replicas, faults, networks and request counts — each
 * with a scenario that triggers it and one that does not.
 */
import { describe, expect, it } from 'vitest';
import { base, FILE, lineOf, vs, withCode, type Doc } from './fixtures.js';

describe('MS0101 ServiceWithoutReplicas', () => {
  it('traffic to a service with 0 replicas in every deployment: an error at its deployments naming who sends', () => {
    const doc = base();
    for (const d of doc.services[0].deployments) d.replicas = 0;
    const [f, ...rest] = withCode(doc, 'MS0101');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', file: FILE, path: 'services[0].deployments', line: lineOf(doc, 'deployments:') });
    expect(f.message).toBe('every request to web.shop fails (no_healthy_upstream): none of its 2 deployments has replicas, and it is called by traffic source client');
  });

  it('followed through a VirtualService: traffic named for web but routed to an empty service', () => {
    const doc = base();
    doc.services.push({ name: 'empty', namespace: 'shop', deployments: [{ cluster: 'c1', replicas: 0 }] });
    doc.policies = [vs('web', { hosts: ['web'], http: [{ route: [{ destination: { host: 'empty' } }] }] })];
    expect(withCode(doc, 'MS0101').map((f) => f.path)).toEqual(['services[1].deployments']);
  });

  it('one deployment with replicas is enough; a service nobody calls may have none', () => {
    const doc = base();
    doc.services[0].deployments[0].replicas = 0;
    doc.services.push({ name: 'idle', namespace: 'shop', deployments: [{ cluster: 'c1', replicas: 0 }] });
    expect(withCode(doc, 'MS0101')).toEqual([]);
  });
});

describe('MS0102 FaultMatchesNoEndpoint', () => {
  it('a zone outage where no pod runs strikes nothing', () => {
    const doc = { ...base(), faults: [{ kind: 'zone-outage', zone: 'z2', at: '2s', for: '3s' }] };
    const [f] = withCode(doc, 'MS0102');
    expect(f).toMatchObject({ severity: 'warning', path: 'faults[0].zone', line: lineOf(doc, 'zone: z2', 'faults:') });
    expect(f.message).toBe('zone-outage of zone z2 strikes no endpoint: no deployment is in zone z2; the run is the same as without this fault');
  });

  it('a crash of a service in a cluster where it has only 0-replica deployments', () => {
    const doc: Doc = { ...base(), faults: [{ kind: 'endpoint-crash', cluster: 'c2', service: 'web.shop', at: '2s' }] };
    doc.services[0].deployments[1].replicas = 0;
    expect(withCode(doc, 'MS0102')[0].message).toMatch(/the deployments there have 0 replicas/);
  });

  it('outages where pods run strike them', () => {
    const doc = { ...base(), faults: [{ kind: 'zone-outage', zone: 'z1', at: '2s', for: '3s' }, { kind: 'cluster-outage', cluster: 'c2', at: '2s' }] };
    expect(withCode(doc, 'MS0102')).toEqual([]);
  });
});

describe('MS0103 FaultOutsideRun', () => {
  it('a fault after the sources stop (duration 10s), and one over before warm-up ends', () => {
    const doc = { ...base(), warmup: '5s', faults: [{ kind: 'zone-outage', zone: 'z1', at: '12s' }, { kind: 'zone-outage', zone: 'z1', at: '1s', for: '2s' }] };
    const found = withCode(doc, 'MS0103');
    expect(found.map((f) => f.path)).toEqual(['faults[0].at', 'faults[1].for']);
    expect(found[0].message).toBe('zone-outage starts at 12.00s, when the traffic sources have stopped sending (the last request starts before 10.00s): no request meets it');
    expect(found[1].message).toMatch(/is over at 3\.00s, before warm-up ends \(5\.00s\)/);
  });

  it('the total `requests` ends sending early: 500 requests at 100/s are sent by 5s', () => {
    const doc = { ...base(), requests: 500, faults: [{ kind: 'zone-outage', zone: 'z1', at: '6s' }] };
    expect(withCode(doc, 'MS0103')[0].message).toMatch(/before 5\.00s/);
    doc.faults[0].at = '4s';
    expect(withCode(doc, 'MS0103')).toEqual([]);
  });
});

describe('MS0104 NetworkWithoutGateway', () => {
  const twoNetworks = () => {
    const doc = base();
    doc.networks = ['n1', 'n2'];
    doc.clusters[0].network = 'n1';
    doc.clusters[1].network = 'n2';
    return doc;
  };

  it('two networks and no gateway anywhere: one flat network, reported at the remote cluster\'s network', () => {
    const doc = twoNetworks();
    const [f, ...rest] = withCode(doc, 'MS0104');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', path: 'clusters[1].network', line: lineOf(doc, 'network: n2') });
    expect(f.message).toBe('no network of the mesh has an east-west gateway, so Istio treats n1 and n2 as one flat network: callers in n1 reach the pods in cluster c2 directly');
    expect(f.hint).toMatch(/gateways: \[\{cluster: c2, kind: eastwest\}\]/);
  });

  it('a gateway in the caller\'s network only: the remote network still has none', () => {
    const doc = { ...twoNetworks(), gateways: [{ cluster: 'c1', kind: 'eastwest' }] };
    expect(withCode(doc, 'MS0104')[0].message).toMatch(/^network n2 \(cluster c2\) has no east-west gateway: callers in n1 reach its pods directly/);
  });

  it('a gateway in the remote network, or one network, is fine', () => {
    expect(withCode({ ...twoNetworks(), gateways: [{ cluster: 'c2', kind: 'eastwest' }] }, 'MS0104')).toEqual([]);
    expect(withCode(base(), 'MS0104')).toEqual([]);
  });
});

describe('MS0105 RequestsCappedByDuration', () => {
  it('requests: 5,000 at 100/s for 10s: about 1,000 are sent; --requests says so on duration', () => {
    const doc = { ...base(), requests: 5000 };
    const [f] = withCode(doc, 'MS0105');
    expect(f).toMatchObject({ severity: 'warning', path: 'requests', line: lineOf(doc, 'requests: 5000') });
    expect(f.message).toBe('requests: 5,000 asks for more than the sources send within duration 10.00s: at their rates (100/s in all) they send about 1,000 requests, and the run stops there');
    expect(f.hint).toMatch(/lengthen duration to at least 50\.00s/);
    const [flag] = withCode(base(), 'MS0105', { requests: 1_000_000 });
    expect(flag.path).toBe('duration');
    expect(flag.message).toMatch(/^--requests 1,000,000 asks for more/);
  });

  it('a source\'s own requests beyond its window', () => {
    const doc = base();
    doc.traffic[0].requests = 2000;
    expect(withCode(doc, 'MS0105').map((f) => f.path)).toEqual(['traffic[0].requests']);
  });

  it('within Poisson noise, or fewer than the sources send, is fine', () => {
    expect(withCode({ ...base(), requests: 1050 }, 'MS0105')).toEqual([]);
    expect(withCode(base(), 'MS0105', { requests: 800 })).toEqual([]);
    const noDuration = base();
    delete noDuration.duration;
    noDuration.requests = 1_000_000;
    expect(withCode(noDuration, 'MS0105')).toEqual([]);
  });
});
