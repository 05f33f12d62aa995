import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info', OUTBOX_MAX_ATTEMPTS: 8 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every bad value with what it should be', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', COOKIE_SECURE: 'maybe' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(4);
    expect(error?.message).toContain('PORT="eighty"');
    expect(error?.message).toContain('DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL');
    expect(error?.message).toContain('LOG_LEVEL="loud"');
    expect(error?.message).toContain('COOKIE_SECURE="maybe"');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
