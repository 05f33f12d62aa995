import pino from 'pino';

export type Logger = pino.Logger;

// Secrets never reach the log: these paths are replaced wherever they appear.
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pin',
  '*.apiKey',
  '*.secret',
  '*.userKey',
  '*.vendorKey',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } });
}
