#!/usr/bin/env node
// Bundles the agent (`agent/src/cli/main.ts`) into `agent/dist/outpost-agent.cjs`, the program
// the DaemonSet runs: one file of plain JavaScript with its dependencies, plus the proto file
// it loads at start. Why: an agent started from the TypeScript sources pays for Node's type
// stripping and for every module it resolves; the bundle keeps the spoke's footprint small
// (docs/decisions/agent-footprint.md). CommonJS, because an ES module importing `node:http`
// makes Node build the module's ESM facade, which loads Node's internal undici (~4 MiB).
// `@kubernetes/client-node` stays outside (resolved from node_modules): the agent imports it
// lazily, only for kubeconfig users with `exec`/`auth-provider` credentials.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR`: somewhere else than agent/dist (tests build their own copy).
const { values: flags } = parseArgs({ options: { outdir: { type: 'string' } } });
const out = flags.outdir ? resolve(flags.outdir) : join(root, 'agent', 'dist');

/** Maps the bare `prom-client` import to scripts/agent-bundle/prom-client-lean.mjs. */
const leanPromClient = {
  name: 'lean-prom-client',
  setup(b) {
    b.onResolve({ filter: /^prom-client$/ }, () => ({
      path: join(root, 'scripts', 'agent-bundle', 'prom-client-lean.mjs'),
    }));
  },
};

/** @grpc/proto-loader's own dependencies (protobufjs, lodash.camelcase), as it resolves them. */
const agentRequire = createRequire(join(root, 'agent', 'package.json'));
const loaderRequire = createRequire(agentRequire.resolve('@grpc/proto-loader/package.json'));
const PROTO_KEEP_CASE = false;

/**
 * Every .proto under proto/ as protobufjs reflection JSON, keyed by its path below proto/,
 * parsed as proto-loader parses it (camelCase field names, as shared/src/wire/proto.ts asks).
 */
async function protoDescriptors() {
  const protobuf = loaderRequire('protobufjs');
  const files = (await readdir(join(root, 'proto'), { recursive: true })).filter((f) => f.endsWith('.proto'));
  const descriptors = {};
  for (const file of files) {
    const parsed = new protobuf.Root().loadSync(join(root, 'proto', file), { keepCase: PROTO_KEEP_CASE });
    parsed.resolveAll();
    descriptors[file.replaceAll('\\', '/')] = {
      keepCase: PROTO_KEEP_CASE,
      json: parsed.toJSON(),
    };
  }
  return descriptors;
}

/**
 * Maps `@grpc/proto-loader` to scripts/agent-bundle/proto-loader-lean.mjs, which loads the
 * contract from descriptors made here instead of parsing the .proto text at start.
 */
const leanProtoLoader = {
  name: 'lean-proto-loader',
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({
      path: join(root, 'scripts', 'agent-bundle', 'proto-loader-lean.mjs'),
    }));
    b.onResolve({ filter: /^(protobufjs\/light|lodash\.camelcase)$/ }, (args) => ({
      path: loaderRequire.resolve(args.path),
    }));
    b.onResolve({ filter: /^agent-bundle:proto-descriptors$/ }, (args) => ({
      path: args.path,
      namespace: 'agent-bundle',
    }));
    b.onLoad({ filter: /.*/, namespace: 'agent-bundle' }, async () => ({
      contents: JSON.stringify(await protoDescriptors()),
      loader: 'json',
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
  plugins: [leanPromClient, leanProtoLoader],
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
const bundle = join(out, 'outpost-agent.cjs');
const main = Object.entries(result.metafile.outputs).find(([file]) => resolve(root, file) === bundle)?.[1];
const kib = (b) => `${Math.round(b / 1024)} KiB`;
process.stdout.write(`${relative(root, bundle)}: ${main ? kib(main.bytes) : '?'}\n`);
