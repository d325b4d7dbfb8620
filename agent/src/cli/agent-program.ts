/**
 * How the agent program runs in its container: the bundle (scripts/build-agent.mjs) inside
 * the image, and the Node flags and environment that keep its memory small
 * (docs/decisions/agent-footprint.md). The DaemonSets (deploy/agent and `outpost cluster
 * register`'s manifests) and the benchmark use these.
 */

/** The bundled agent program inside the image (see deploy/Dockerfile). */
export const AGENT_PROGRAM_IN_IMAGE = '/app/agent/dist/outpost-agent.cjs';

/**
 * Node flags for the agent: 1 MiB young-generation semi-spaces, V8 tuned for size, and no
 * optimising compilers (`--jitless`). Without a JIT there is no WebAssembly either;
 * `--no-expose-wasm` says so, which keeps V8 from warning about it at start. Only kubeconfig
 * exec/auth-provider credentials (never used in a pod) would need it.
 *
 * `--bytecode-old-age=1` lets a garbage collection drop the bytecode of functions that did not
 * run since the previous one (V8's default waits for 6): most of the agent's code runs once,
 * at start, or once per sync, and is compiled again from its source if it runs again.
 * `--single-threaded-gc` does the collector's work on the main thread, so V8's worker threads
 * keep no marking or sweeping buffers (and no malloc arenas) for a heap of a few MiB;
 * `--compact-on-every-full-gc` moves live objects together at each full GC so that emptied
 * pages go back to the system. `--invocation-count-for-feedback-allocation=1000` gives a
 * function its feedback vector (the interpreter's inline caches; without a JIT, nothing else
 * reads them) after 1000 calls instead of 8: the hot paths get one, code run a few times per
 * sync does not.
 */
export const AGENT_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--jitless',
  '--no-expose-wasm',
  '--bytecode-old-age=1',
  '--single-threaded-gc',
  '--compact-on-every-full-gc',
  '--invocation-count-for-feedback-allocation=1000',
];

/**
 * Environment of the agent's Node process: glibc's allocator with one arena for all threads
 * (instead of one per thread that allocates, each keeping its own free memory) and a fixed
 * 16 KiB threshold above which blocks are mapped on their own and returned to the system when
 * freed (glibc otherwise raises the threshold as large blocks are freed, and they then stay in
 * the heap). Together about 2 MiB of private memory after a sync.
 */
export const AGENT_NODE_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: '16384',
};

/** The container command of the agent: `node <flags> <bundle>`. */
export function agentContainerCommand(): string[] {
  return ['node', ...AGENT_NODE_FLAGS, AGENT_PROGRAM_IN_IMAGE];
}

/** {@link AGENT_NODE_ENV} as a container's `env` entries. */
export function agentContainerEnv(): { name: string; value: string }[] {
  return Object.entries(AGENT_NODE_ENV).map(([name, value]) => ({ name, value }));
}
