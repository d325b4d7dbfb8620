/**
 * Loads `proto/outpost/v1/outpost.proto` with @grpc/proto-loader and exposes the `Hub`
 * service definition both sides use (the hub to serve, the agent to build its client).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * The proto file, resolved relative to this module (works from any working directory): the
 * repository's `proto/` folder from the sources, or the `proto/` folder the agent bundle
 * carries beside itself (`agent/dist/`, see scripts/build-agent.mjs).
 */
export const OUTPOST_PROTO_PATH = ((): string => {
  const candidates = [
    fileURLToPath(new URL('../../../proto/outpost/v1/outpost.proto', import.meta.url)),
    fileURLToPath(new URL('./proto/outpost/v1/outpost.proto', import.meta.url)),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
})();

/** Loader options: camelCase fields, 64-bit integers as strings, defaults filled, `msg` names the oneof case. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** What the loaded contract provides. */
export interface WireContract {
  /** The `outpost.v1.Hub` service definition for `server.addService`. */
  hubService: grpc.ServiceDefinition;
  /** Client constructor: `new contract.HubClient(address, credentials, options)`. */
  HubClient: grpc.ServiceClientConstructor;
}

/** Loads the contract. Synchronous and cheap (a few ms); callers keep the result. */
export function loadWireContract(): WireContract {
  const definition = protoLoader.loadSync(OUTPOST_PROTO_PATH, PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    outpost: { v1: { Hub: grpc.ServiceClientConstructor } };
  };
  const HubClient = pkg.outpost.v1.Hub;
  return { hubService: HubClient.service, HubClient };
}

/** Full method paths, e.g. for interceptors and tests. */
export const HubMethods = {
  enroll: '/outpost.v1.Hub/Enroll',
  renew: '/outpost.v1.Hub/Renew',
  connect: '/outpost.v1.Hub/Connect',
} as const;
