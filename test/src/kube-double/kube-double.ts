/**
 * A standalone Kubernetes API double: one simulated cluster on its own loopback port.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeCluster } from './kube-cluster.ts';
import type { KubeClusterOptions } from './kube-cluster.ts';
import { makeKubeConfig, writeKubeconfigFile } from './kubeconfig.ts';
import { startHttpServer } from './server/http-server.ts';
import { servingPki } from './server/serving-pki.ts';
import type { RunningServer } from './server/http-server.ts';

/** Options of a standalone double: the cluster's options plus where to listen. */
export interface KubeDoubleOptions extends KubeClusterOptions {
  /** Listen address. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Serve HTTPS with a fresh self-signed CA and a serving certificate for 127.0.0.1/localhost. Default false. */
  tls?: boolean;
}

/** One simulated cluster served over HTTP. Create with `KubeDouble.start()`, end with `close()`. */
export class KubeDouble {
  /** The simulated cluster (control API: faults, direct reads/writes, counters). */
  readonly cluster: KubeCluster;
  /** The API server URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The CA certificate (PEM) clients must trust, when serving HTTPS. */
  readonly caPem: string | undefined;
  private readonly running: RunningServer;

  private constructor(cluster: KubeCluster, running: RunningServer, caPem: string | undefined) {
    this.cluster = cluster;
    this.running = running;
    this.url = running.baseUrl;
    this.caPem = caPem;
  }

  /** Starts a double on a free loopback port. */
  static async start(opts: KubeDoubleOptions = {}): Promise<KubeDouble> {
    const cluster = new KubeCluster(opts);
    const pki = opts.tls ? await servingPki(opts.host ?? '127.0.0.1') : undefined;
    const running = await startHttpServer((path) => ({ cluster, path }), opts.host, opts.port, pki?.serving);
    return new KubeDouble(cluster, running, pki?.caPem);
  }

  /** A client-node KubeConfig for this double. */
  kubeConfig(): KubeConfig {
    return makeKubeConfig(this.url, this.cluster.name, this.caPem);
  }

  /** Writes a kubeconfig file (default: in a new temp dir) and returns its path. */
  writeKubeconfig(path?: string): Promise<string> {
    return writeKubeconfigFile(this.url, this.cluster.name, path, this.caPem);
  }

  /** Stops the server and the simulated controllers. */
  async close(): Promise<void> {
    this.cluster.close();
    await this.running.close();
  }
}
