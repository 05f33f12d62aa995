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

  it('asks shoppers to confirm their e-mail address only where mail can reach them', () => {
    expect(loadConfig({}).SHOP_EMAIL_VERIFICATION).toBe('off');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.test:25' }).SHOP_EMAIL_VERIFICATION).toBe('required');
    expect(loadConfig({ SMTP_URL: 'smtp://mail.test:25', SHOP_EMAIL_VERIFICATION: 'off' }).SHOP_EMAIL_VERIFICATION).toBe('off');
    expect(() => loadConfig({ SHOP_EMAIL_VERIFICATION: 'required' })).toThrow(/needs SMTP_URL/);
    expect(() => loadConfig({ SHOP_EMAIL_VERIFICATION: 'maybe' })).toThrow(ConfigError);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
