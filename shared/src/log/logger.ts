import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

/** The logger every component receives, already bound to its component with `child`. */
export type Logger = PinoLogger;

/** Field names used across the project's logs. */
export const LogFields = {
  component: 'component',
  cluster: 'cluster',
  app: 'app',
  appset: 'appset',
  repo: 'repo',
  generation: 'generation',
  err: 'err',
} as const;

export interface LoggerConfig {
  /** Minimum level. Default `info` (env `OUTPOST_LOG_LEVEL`). */
  level?: string;
  /** Destination file descriptor. Default 2 (stderr), so stdout stays for command output. */
  fd?: number;
}

/** Creates the root logger (JSON lines). Credentials under common keys are redacted. */
export function createLogger(config: LoggerConfig = {}): Logger {
  const options: LoggerOptions = {
    level: config.level ?? process.env.OUTPOST_LOG_LEVEL ?? 'info',
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization'],
      censor: '***',
    },
  };
  return pino(options, pino.destination({ fd: config.fd ?? 2, sync: false }));
}

/** A logger that drops everything; for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
