/**
 * deploy/agent runs the agent with the allocator settings of agent/src/cli/agent-program.ts
 * (its command is checked against the same file in ops-deploy.test.ts).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_ENV } from '@outpost/agent';

const DAEMONSET = resolve(import.meta.dirname, '../../../deploy/agent/daemonset.yaml');

describe('ops: the agent DaemonSet environment', () => {
  it('deploy/agent sets every variable of AGENT_NODE_ENV on the agent container, with its value', async () => {
    const ds = parse(await readFile(DAEMONSET, 'utf8')) as {
      spec: {
        template: { spec: { containers: { name: string; env: { name: string; value?: string }[] }[] } };
      };
    };
    const agent = ds.spec.template.spec.containers.find((c) => c.name === 'agent')!;
    expect(Object.keys(AGENT_NODE_ENV).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(AGENT_NODE_ENV)) {
      expect(agent.env).toContainEqual({ name, value });
    }
  });
});
