#!/usr/bin/env node
// Bundles the agent (`agent/src/cli/main.ts`) into `agent/dist/outpost-agent.cjs`, the program
// the DaemonSet runs: one file of plain JavaScript with its dependencies, plus the proto file
// it loads at start. Why: an agent started from the TypeScript sources pays for Node's type
// stripping and for every module it resolves; the bundle keeps the spoke's footprint small
// (docs/decisions/agent-footprint.md). CommonJS, because an ES module importing `node:http`
// makes Node build the module's ESM facade, which loads Node's internal undici (~4 MiB).
// `@kubernetes/client-node` stays outside (resolved from node_modules): the agent imports it
// lazily, only for kubeconfig users with `exec`/`auth-provider` credentials.
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'agent', 'dist');

/** Maps the bare `prom-client` import to scripts/agent-bundle/prom-client-lean.mjs. */
const leanPromClient = {
  name: 'lean-prom-client',
  setup(b) {
    b.onResolve({ filter: /^prom-client$/ }, () => ({
      path: join(root, 'scripts', 'agent-bundle', 'prom-client-lean.mjs'),
    }));
  },
};

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'proto'), { recursive: true });
const result = await build({
  entryPoints: { 'outpost-agent': join(root, 'agent', 'src', 'cli', 'main.ts') },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  external: ['@kubernetes/client-node'],
  plugins: [leanPromClient],
  // Resolves the lean prom-client's own requires (it lives outside the agent package).
  nodePaths: [join(root, 'agent', 'node_modules')],
  platform: 'node',
  target: 'node22',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Modules that locate files beside themselves (the proto) read import.meta.url.
  define: { 'import.meta.url': '__outpostModuleUrl' },
  banner: { js: "const __outpostModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await cp(join(root, 'proto'), join(out, 'proto'), { recursive: true });
const main = result.metafile.outputs['agent/dist/outpost-agent.cjs'];
const kib = (b) => `${Math.round(b / 1024)} KiB`;
process.stdout.write(`agent/dist/outpost-agent.cjs: ${main ? kib(main.bytes) : '?'}\n`);
