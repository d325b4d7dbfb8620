// `pnpm bench`: the benchmark harness (a program, not a test). Runs the git and appsets
// benchmark programs and the fleet scenarios (one hub process, N full agents against
// simulated clusters in worker processes), prints a table of medians and the machine, and
// writes everything to a JSON file. See docs/performance.md.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildAgentBundle } from './agent-process.ts';
import { BenchFleet } from './bench-fleet.ts';
import { parseBenchArgs, USAGE, type BenchOptions, type ScenarioName } from './bench-options.ts';
import { describeMachine, machineInfo } from './machine.ts';
import type { ScenarioContext, ScenarioResult } from './scenario.ts';
import { coldStartOnce, coldStartScenario } from './scenario-cold.ts';
import { churnScenario } from './scenario-churn.ts';
import { fanoutScenario } from './scenario-fanout.ts';
import { idleScenario } from './scenario-idle.ts';
import { restartScenario } from './scenario-restart.ts';
import { runSubBench } from './sub-bench.ts';
import { figuresTable, type FigureRow } from './table.ts';

const RUNNERS: Record<ScenarioName, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  cold: coldStartScenario,
  fanout: fanoutScenario,
  restart: restartScenario,
  churn: churnScenario,
  idle: idleScenario,
};
/**
 * Cold start first: it brings the fleet up the way every other scenario needs it. Idle before
 * churn, so the idle RSS is not the high-water mark churn left behind.
 */
const ORDER: ScenarioName[] = ['cold', 'fanout', 'restart', 'idle', 'churn'];

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The agents' state dirs: a tmpfs for `--agent-state memory` (each spoke fsyncs its own disk;
 * a thousand on one disk would queue behind each other), else inside the work dir.
 */
async function agentStateDir(o: BenchOptions, workDir: string): Promise<string> {
  if (o.agentState === 'memory' && existsSync('/dev/shm')) {
    const dir = await mkdtemp('/dev/shm/outpost-bench-agents-');
    await symlink(dir, join(workDir, 'agents'));
    return dir;
  }
  const dir = join(workDir, 'agents');
  await mkdir(dir, { recursive: true });
  return dir;
}

async function runFleet(
  o: BenchOptions,
  workDir: string,
): Promise<{ results: ScenarioResult[]; setupMs: number }> {
  const profile = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profiles')}`] : [];
  // The solo agent runs the shipped program: build it from the current sources.
  buildAgentBundle();
  const agentStateRoot = await agentStateDir(o, workDir);
  say(`agent state dirs: ${o.agentState === 'memory' ? `in memory (${agentStateRoot})` : 'on disk'}`);
  say(
    o.workerNice > 0
      ? `agent workers at niceness ${o.workerNice}: the simulated agents use only the CPU the hub leaves`
      : 'agent workers at the hub priority: the simulated agents compete with the hub for the CPU',
  );
  const fleet = await BenchFleet.create({
    agentStateRoot,
    agents: o.agents,
    agentsPerWorker: o.agentsPerWorker,
    groups: o.groups,
    leaderElection: o.leaderElection,
    workDir,
    hubNodeFlags: ['--expose-gc', ...profile, ...o.hubNodeFlags],
    hubEnv: o.hubEnv,
    workerNodeFlags: profile,
    workerNice: o.workerNice,
    log: say,
  });
  const ctx: ScenarioContext = {
    fleet,
    repeat: o.repeat,
    churnSeconds: o.churnSeconds,
    idleSeconds: o.idleSeconds,
    log: say,
    baseline: { hubRssBytes: 0 },
  };
  const results: ScenarioResult[] = [];
  try {
    say(`fleet: registering and enrolling ${o.agents} agents (+1 solo agent with 500 objects)…`);
    const setupMs = await fleet.enroll();
    say(`  enrolled in ${(setupMs / 1000).toFixed(1)} s`);
    if (!o.scenarios.includes('cold')) {
      say('fleet: bringing the fleet up (one cold start, not measured)…');
      await coldStartOnce(ctx);
    }
    for (const name of ORDER.filter((s) => o.scenarios.includes(s))) {
      say(`scenario ${name}…`);
      const t0 = performance.now();
      const r = await RUNNERS[name](ctx);
      results.push(r);
      say(`  ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      say(figuresTable(r.figures));
      for (const n of r.notes) say(`  note: ${n}`);
    }
    if (o.heapSnapshot && fleet.hub) {
      const path = await fleet.hub.call<string>('heap-snapshot', { path: join(workDir, 'hub.heapsnapshot') });
      say(`hub heap snapshot: ${path}`);
    }
    return { results, setupMs };
  } finally {
    await fleet.close();
  }
}

async function main(): Promise<void> {
  let o: BenchOptions;
  try {
    o = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nusage: ${USAGE}\n`);
    process.exit(2);
  }
  const machine = machineInfo();
  const started = new Date();
  const t0 = performance.now();
  say(`outpost bench on ${describeMachine(machine)}`);
  say(
    `agents ${o.agents}, scenarios ${o.scenarios.join(',')}, ${o.repeat} repetitions, parts ${o.parts.join(',')}`,
  );
  const workDir = await mkdtemp(join(tmpdir(), 'outpost-bench-'));
  const figures: FigureRow[] = [];
  const json: Record<string, unknown> = { startedAt: started.toISOString(), machine, options: o };
  let failed = false;
  try {
    if (o.parts.includes('git')) {
      say('git: isomorphic-git vs the git CLI…');
      const r = await runSubBench('git', 'git-bench.ts', ['--reps', String(Math.max(3, o.repeat))], say);
      if (r) figures.push(...r.figures);
      json.git = r;
    }
    if (o.parts.includes('appsets')) {
      say('appsets: ApplicationSet resolution…');
      const r = await runSubBench(
        'appsets',
        'appsets-bench.ts',
        ['--reps', String(Math.max(3, o.repeat))],
        say,
      );
      if (r) figures.push(...r.figures);
      json.appsets = r;
    }
    if (o.parts.includes('fleet')) {
      const { results, setupMs } = await runFleet(o, workDir);
      for (const r of results) figures.push(...r.figures);
      json.fleet = { enrollMs: setupMs, scenarios: results };
    }
  } catch (err) {
    failed = true;
    json.error = (err as Error).stack ?? String(err);
    process.stderr.write(`bench failed: ${json.error as string}\nlogs in ${workDir}\n`);
  }
  json.figures = figures;
  json.durationS = (performance.now() - t0) / 1000;
  say('');
  say(`## Outpost benchmark — ${o.agents} agents, ${started.toISOString()}`);
  say(`machine: ${describeMachine(machine)}`);
  say(`total run time: ${(json.durationS as number).toFixed(0)} s`);
  say('');
  say(figuresTable(figures));
  const out = resolve(o.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(json, null, 2));
  say(`\nresults written to ${out}`);
  // The in-memory agent state never outlives the run.
  const shm = await readlink(join(workDir, 'agents')).catch(() => undefined);
  if (shm) await rm(shm, { recursive: true, force: true });
  if (!failed && !o.keep && !o.cpuProf && !o.heapSnapshot)
    await rm(workDir, { recursive: true, force: true });
  else say(`work directory kept: ${workDir}`);
  process.exit(failed ? 1 : 0);
}

await main();
