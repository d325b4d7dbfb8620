/**
 * How the agent program runs in its container: the bundle (scripts/build-agent.mjs) inside
 * the image, and the Node flags that keep its memory small (docs/decisions/agent-footprint.md).
 * The DaemonSets (deploy/agent and `outpost cluster register`'s manifests) and the benchmark
 * use these.
 */

/** The bundled agent program inside the image (see deploy/Dockerfile). */
export const AGENT_PROGRAM_IN_IMAGE = '/app/agent/dist/outpost-agent.cjs';

/**
 * Node flags for the agent: 1 MiB young-generation semi-spaces, V8 tuned for size, and no
 * optimising compilers (`--jitless`). Without a JIT there is no WebAssembly either;
 * `--no-expose-wasm` says so, which keeps V8 from warning about it at start. Only kubeconfig
 * exec/auth-provider credentials (never used in a pod) would need it.
 */
export const AGENT_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--jitless',
  '--no-expose-wasm',
];

/** The container command of the agent: `node <flags> <bundle>`. */
export function agentContainerCommand(): string[] {
  return ['node', ...AGENT_NODE_FLAGS, AGENT_PROGRAM_IN_IMAGE];
}
