// A meshsim load-balancing plug-in: "least active requests among three random choices".
//
// A plug-in is an ES module whose default export is a LoadBalancingPolicy:
//   { name: string, newPicker(hosts, ctx, seed) → { pick(hash) → host } }
// `hosts` are the cluster-local indexes of one host source (the healthy hosts of a priority or
// locality), `ctx.rng` the proxy's random stream (use it, never Math.random, so runs stay
// deterministic), `ctx.active[h]` the proxy's outstanding requests to host h, `ctx.weights[h]`
// its weight. meshsim still decides the priority and locality as Envoy does; the plug-in picks
// the host. Run it with:  meshsim run scenario.yaml --lb-plugin examples/lb-plugins/least-of-three.js
// (or name it in the scenario, `loadBalancing: {plugin: ./least-of-three.js}`, and run with
// --allow-plugins: meshsim never runs a plug-in the command line did not ask for). meshsim checks
// every pick: returning anything but one of `hosts`, throwing, or calling process.exit stops the
// run with exit code 2 and a message naming this plug-in.

/** @type {import('../../dist/src/lb/policy.js').LoadBalancingPolicy} */
const leastOfThree = {
  name: 'LEAST_OF_THREE',
  newPicker(hosts, ctx) {
    const n = hosts.length;
    return {
      pick() {
        let best = hosts[ctx.rng.nextUint32() % n];
        for (let i = 1; i < 3; i++) {
          const h = hosts[ctx.rng.nextUint32() % n];
          if (ctx.active[h] < ctx.active[best]) best = h;
        }
        return best;
      },
    };
  },
};

export default leastOfThree;
