import { describe, expect, it } from 'vitest';
import { Fleet, configMapYaml, waitForApp } from '../fleet-runner/index.ts';
import { fleetAppsets } from './fleet-appsets.ts';

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    listKind: WidgetList
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;
const widget = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
spec:
  size: 3
`;

describe('fleet rejected manifests (principal + agent + Kubernetes API double + git)', () => {
  it('fleet rejected manifests – a 422 fails that app with the API message, the other apps sync, and a CRD with its resource applies in order', async () => {
    const fleet = await Fleet.start({
      clusters: ['edge-1'],
      files: {
        'apps/broken/cm.yaml': configMapYaml('Not_A_Valid_Name', { v: '1' }),
        'apps/fine/cm.yaml': configMapYaml('fine', { v: '1' }),
        'apps/widgets/crd.yaml': crd,
        'apps/widgets/widget.yaml': widget,
      },
      appsets: fleetAppsets,
    });
    const agent = await fleet.startAgent(fleet.agentSpec('edge-1'));
    const broken = await waitForApp(agent, 'broken-edge-1', (s) => s.lastError !== '');
    expect(broken.sync).toBe('OutOfSync');
    expect(broken.lastError).toMatch(/ConfigMap "Not_A_Valid_Name" is invalid/);
    await waitForApp(agent, 'fine-edge-1', (s) => s.sync === 'Synced');
    await waitForApp(agent, 'widgets-edge-1', (s) => s.sync === 'Synced');
    const spoke = fleet.cluster('edge-1').cluster;
    expect(spoke.getObject('example.com/v1', 'Widget', 'default', 'w1')?.spec).toEqual({ size: 3 });
  }, 120_000);
});
