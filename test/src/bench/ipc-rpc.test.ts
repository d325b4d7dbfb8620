import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IpcPeer, type IpcChannel } from './ipc-rpc.ts';

/** Two in-memory channels delivering asynchronously, as IPC does, with a JSON round trip. */
function pair(): [IpcChannel, IpcChannel] {
  const a = new EventEmitter();
  const b = new EventEmitter();
  const wire = (to: EventEmitter) => (m: unknown) =>
    setImmediate(() => to.emit('message', JSON.parse(JSON.stringify(m))));
  return [
    { send: wire(b), on: (e, l) => a.on(e, l) },
    { send: wire(a), on: (e, l) => b.on(e, l) },
  ];
}

describe('bench IPC peers', () => {
  it('a call returns the handler result from the other side', async () => {
    const [x, y] = pair();
    const parent = new IpcPeer(x);
    const child = new IpcPeer(y);
    child.handle('add', (p: { a: number; b: number }) => p.a + p.b);
    await expect(parent.call('add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  it('a failing handler rejects the call with the method and the remote message', async () => {
    const [x, y] = pair();
    const parent = new IpcPeer(x);
    new IpcPeer(y).handle('boom', async () => {
      throw new Error('cluster edge-1 not hosted');
    });
    await expect(parent.call('boom')).rejects.toThrow('boom: cluster edge-1 not hosted');
  });

  it('an unknown method is an error, not a hang', async () => {
    const [x, y] = pair();
    const parent = new IpcPeer(x);
    new IpcPeer(y);
    await expect(parent.call('nope')).rejects.toThrow(/no handler for nope/);
  });

  it('notices reach the listeners of their topic only', async () => {
    const [x, y] = pair();
    const parent = new IpcPeer(x);
    const child = new IpcPeer(y);
    const got: unknown[] = [];
    parent.onNotice('noticed', (d) => got.push(d));
    parent.onNotice('other', () => got.push('wrong'));
    child.notify('noticed', { atMs: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([{ atMs: 1 }]);
  });

  it('close fails pending calls with the reason', async () => {
    const [x] = pair();
    const parent = new IpcPeer(x);
    const call = parent.call('slow');
    parent.close('hub process exited with signal SIGKILL');
    await expect(call).rejects.toThrow('SIGKILL');
  });
});
