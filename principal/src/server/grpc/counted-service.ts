import type { ServiceDefinition } from '@grpc/grpc-js';

/** Bytes of the received message, attached by {@link countedHubService}'s deserializer. */
export const RECEIVED_BYTES: unique symbol = Symbol('outpost.receivedBytes');

/**
 * The Hub service definition adapted for exact byte counting: a stream may write an
 * already serialized `Buffer` (the serializer passes it through), so the stream serializes
 * each message once, counts its size and writes it; received messages carry their size
 * under {@link RECEIVED_BYTES}.
 */
export function countedHubService(service: ServiceDefinition): ServiceDefinition {
  const connect = service.Connect;
  if (!connect) throw new Error('hub service: no Connect method in the proto');
  return {
    ...service,
    Connect: {
      ...connect,
      responseSerialize: (value: unknown) =>
        Buffer.isBuffer(value) ? value : connect.responseSerialize(value),
      requestDeserialize: (bytes: Buffer) => {
        const msg = connect.requestDeserialize(bytes) as Record<string | symbol, unknown>;
        Object.defineProperty(msg, RECEIVED_BYTES, { value: bytes.length, enumerable: false });
        return msg;
      },
    },
  };
}
