/**
 * Many simulated clusters behind one HTTP server, each under its own path prefix
 * `<baseUrl>/clusters/<name>`: the shape for fleets of hundreds or thousands of clusters in a
 * few processes. An idle cluster holds no timers and no sockets.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeCluster } from './kube-cluster.ts';
import type { KubeClusterOptions } from './kube-cluster.ts';
import { makeKubeConfig, writeKubeconfigFile } from './kubeconfig.ts';
import { startHttpServer } from './server/http-server.ts';
import { servingPki } from './server/serving-pki.ts';
import type { RunningServer } from './server/http-server.ts';

/** Options of a host. */
export interface KubeClusterHostOptions {
  /** Listen address. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Defaults for every cluster added (each `addCluster` may override). */
  clusterDefaults?: Omit<KubeClusterOptions, 'name'>;
  /** Serve HTTPS with a fresh self-signed CA. Default false. */
  tls?: boolean;
}

const PREFIX = '/clusters/';
const NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Serves many simulated clusters from one port. */
export class KubeClusterHost {
  /** `http://127.0.0.1:<port>` (or `https://`). */
  readonly baseUrl: string;
  /** The CA certificate (PEM) clients must trust, when serving HTTPS. */
  readonly caPem: string | undefined;
  private readonly clusters = new Map<string, KubeCluster>();
  private readonly defaults: Omit<KubeClusterOptions, 'name'>;
  private running: RunningServer | undefined;

  private constructor(running: RunningServer, defaults: Omit<KubeClusterOptions, 'name'>, caPem?: string) {
    this.running = running;
    this.caPem = caPem;
    this.baseUrl = running.baseUrl;
    this.defaults = defaults;
  }

  /** Starts an empty host. */
  static async start(opts: KubeClusterHostOptions = {}): Promise<KubeClusterHost> {
    const holder: { host?: KubeClusterHost } = {};
    const pki = opts.tls ? await servingPki(opts.host ?? '127.0.0.1') : undefined;
    const running = await startHttpServer(
      (path) => holder.host?.resolve(path),
      opts.host,
      opts.port,
      pki?.serving,
    );
    holder.host = new KubeClusterHost(running, opts.clusterDefaults ?? {}, pki?.caPem);
    return holder.host;
  }

  private resolve(path: string): { cluster: KubeCluster; path: string } | undefined {
    if (!path.startsWith(PREFIX)) return undefined;
    const rest = path.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const cluster = this.clusters.get(name);
    return cluster ? { cluster, path: slash < 0 ? '/' : rest.slice(slash) } : undefined;
  }

  /** Adds a cluster named `name` (a DNS-style name); throws if it exists. */
  addCluster(name: string, opts: Omit<KubeClusterOptions, 'name'> = {}): KubeCluster {
    if (!NAME_RE.test(name))
      throw new Error(`kube cluster host: invalid cluster name ${JSON.stringify(name)}`);
    if (this.clusters.has(name)) throw new Error(`kube cluster host: cluster ${name} already exists`);
    const cluster = new KubeCluster({ ...this.defaults, ...opts, name });
    this.clusters.set(name, cluster);
    return cluster;
  }

  /** Removes a cluster (its URL answers 404 afterwards). */
  removeCluster(name: string): boolean {
    const c = this.clusters.get(name);
    c?.close();
    return this.clusters.delete(name);
  }

  /** The cluster named `name`, if hosted. */
  cluster(name: string): KubeCluster | undefined {
    return this.clusters.get(name);
  }

  /** Names of hosted clusters. */
  names(): string[] {
    return [...this.clusters.keys()];
  }

  /** The API server URL of a cluster: `<baseUrl>/clusters/<name>`. */
  urlFor(name: string): string {
    return `${this.baseUrl}${PREFIX}${name}`;
  }

  /** A client-node KubeConfig for one cluster. */
  kubeConfig(name: string): KubeConfig {
    return makeKubeConfig(this.urlFor(name), name, this.caPem);
  }

  /** Writes a kubeconfig file for one cluster and returns its path. */
  writeKubeconfig(name: string, path?: string): Promise<string> {
    return writeKubeconfigFile(this.urlFor(name), name, path, this.caPem);
  }

  /** Stops the server and every cluster. */
  async close(): Promise<void> {
    for (const c of this.clusters.values()) c.close();
    this.clusters.clear();
    await this.running?.close();
    this.running = undefined;
  }
}
