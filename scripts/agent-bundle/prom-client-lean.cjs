// What the agent uses of prom-client, required from its modules directly: the package's index
// also loads its cluster aggregator (Node's `cluster`, `child_process`...), the Pushgateway
// and the default-metrics collectors, about 8 MiB the agent never uses. The bundle maps
// `prom-client` here (scripts/build-agent.mjs); the sources keep the package's types.
'use strict';
exports.Registry = require('prom-client/lib/registry');
exports.Counter = require('prom-client/lib/counter');
exports.Gauge = require('prom-client/lib/gauge');
exports.Histogram = require('prom-client/lib/histogram');
