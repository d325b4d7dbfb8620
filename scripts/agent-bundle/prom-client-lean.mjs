// What the agent uses of prom-client, imported from its modules directly: the package's index
// also loads its cluster aggregator (Node's `cluster`, `child_process`...), the Pushgateway
// and the default-metrics collectors, which the agent never uses. The bundle maps
// `prom-client` here (scripts/build-agent.mjs); the sources keep the package's types.
export { default as Registry } from 'prom-client/lib/registry';
export { default as Counter } from 'prom-client/lib/counter';
export { default as Gauge } from 'prom-client/lib/gauge';
export { default as Histogram } from 'prom-client/lib/histogram';
