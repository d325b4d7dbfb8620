/** Outpost's release version. */
export const VERSION = '0.1.0';
/** Wire protocol version as major.minor; adjacent minors interoperate, majors do not. */
export const PROTOCOL_VERSION = { major: 1, minor: 0 } as const;
