// What the agent bundle uses of @grpc/proto-loader: `loadSync` of the contract's .proto file,
// answered from a descriptor that scripts/build-agent.mjs made at build time with protobufjs
// (the parser proto-loader uses, with the same `keepCase`), so the agent neither parses .proto
// text at start nor loads protobufjs's parser, proto-loader's reflection descriptors
// (google/protobuf/descriptor.proto and the common protos) or a DescriptorProto per message:
// about 2 MiB of a process that must stay small (docs/decisions/agent-footprint.md).
//
// Messages are encoded and decoded by the same protobufjs types, built from the same
// reflection, with the same conversion options as proto-loader's, so the bytes on the wire
// are the same. The package definition holds the services (what grpc-js makes clients and
// servers from); message and enum entries, which only reflection uses, are left out.
import camelCase from 'lodash.camelcase';
import protobuf from 'protobufjs/light';
import descriptors from 'agent-bundle:proto-descriptors';

/**
 * The package definition of `filename` (a path ending in one of the embedded files, e.g.
 * `.../proto/outpost/v1/outpost.proto`). `options` are proto-loader's; `keepCase` must be the
 * one the descriptor was made with, the others convert messages (`longs`, `enums`, `defaults`,
 * `oneofs`, ...) as proto-loader does.
 * @throws Error for a file the bundle does not embed, or another `keepCase`.
 */
export function loadSync(filename, options = {}) {
  const name = String(filename).replaceAll('\\', '/');
  const found = Object.keys(descriptors).find((rel) => name === rel || name.endsWith(`/${rel}`));
  if (!found) {
    throw new Error(
      `${filename}: the agent bundle embeds no descriptor for it (embedded: ${Object.keys(descriptors).join(', ')}; see scripts/build-agent.mjs)`,
    );
  }
  const { keepCase, json } = descriptors[found];
  if (Boolean(options.keepCase) !== keepCase) {
    throw new Error(`${filename}: the agent bundle's descriptor was made with keepCase=${keepCase}`);
  }
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  const definition = {};
  collectServices(root, '', options, definition);
  return definition;
}

/** {@link loadSync}, as a promise (proto-loader's `load`). */
export async function load(filename, options) {
  return loadSync(filename, options);
}

function collectServices(namespace, prefix, options, into) {
  for (const child of namespace.nestedArray) {
    const name = prefix === '' ? child.name : `${prefix}.${child.name}`;
    if (child instanceof protobuf.Service) into[name] = serviceDefinition(child, name, options);
    else if (child.nestedArray) collectServices(child, name, options, into);
  }
}

function serviceDefinition(service, serviceName, options) {
  const methods = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType;
    const response = method.resolvedResponseType;
    methods[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request, options),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response, options),
      originalName: camelCase(method.name),
    };
  }
  return methods;
}

function serializer(type) {
  return function serialize(value) {
    if (Array.isArray(value)) {
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    }
    return type.encode(type.fromObject(value)).finish();
  };
}

function deserializer(type, options) {
  return function deserialize(bytes) {
    return type.toObject(type.decode(bytes), options);
  };
}
