#!/usr/bin/env node
// Bundles the agent (`agent/src/cli/main.ts`) into `agent/dist/outpost-agent.mjs`, the program
// the DaemonSet runs: one file of plain JavaScript with its dependencies, plus the proto file
// it loads at start. Why: an agent started from the TypeScript sources pays for Node's type
// stripping and for every module it resolves; the bundle keeps the spoke's footprint small
// (docs/decisions/agent-footprint.md). `@kubernetes/client-node` is imported lazily, only for
// kubeconfig users with `exec`/`auth-provider` credentials, so it lands in its own chunk.
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'agent', 'dist');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'proto'), { recursive: true });
const result = await build({
  entryPoints: { 'outpost-agent': join(root, 'agent', 'src', 'cli', 'main.ts') },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node's own modules; give the ES module one.
  banner: { js: "import { createRequire as __outpostRequire } from 'node:module'; const require = __outpostRequire(import.meta.url);" },
});
await cp(join(root, 'proto'), join(out, 'proto'), { recursive: true });
const main = result.metafile.outputs['agent/dist/outpost-agent.mjs'];
const kib = (b) => `${Math.round(b / 1024)} KiB`;
process.stdout.write(`agent/dist/outpost-agent.mjs: ${main ? kib(main.bytes) : '?'} (+ lazily loaded chunks)\n`);
