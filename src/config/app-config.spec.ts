import { ConfigError, loadConfig } from './app-config';

const STRONG = 'Zk7pQ2vN9xL4mR8tW1yB6cF3hJ5sD0gA';

describe('loadConfig', () => {
  it('applies defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.RATE_LIMIT_PUBLIC).toBe(60);
    expect(config.RATE_LIMIT_API).toBe(300);
    expect(config.RATE_LIMIT_AUTH).toBe(10);
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('points PUBLIC_URL at PORT unless it is set', () => {
    expect(loadConfig({ PORT: '4100' }).PUBLIC_URL).toBe('http://localhost:4100');
    expect(loadConfig({ PORT: '4100', PUBLIC_URL: 'https://api.example.com' }).PUBLIC_URL).toBe('https://api.example.com');
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', TRUST_PROXY: 'true', DOCS_ENABLED: '0', CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.PORT).toBe(8080);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.DOCS_ENABLED).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TRUST_PROXY: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('TRUST_PROXY');
    }
  });

  it('requires a strong JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/JWT_SECRET is a repeated pattern/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'change-me-change-me-change-me-change-me' })).toThrow(/JWT_SECRET is a placeholder/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'aB3$aB3$aB3$aB3$aB3$aB3$aB3$aB3$x' })).toThrow(/JWT_SECRET has too little entropy/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG }).isProduction).toBe(true);
    // Outside production a weak secret is the developer's choice.
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: 'x'.repeat(40) }).JWT_SECRET).toBe('x'.repeat(40));
  });

  it('refuses a weak METRICS_TOKEN in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, METRICS_TOKEN: 'metrics-metrics-' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG, METRICS_TOKEN: 'q8Vf3kLz0PmX7wRt' }).METRICS_TOKEN).toBe('q8Vf3kLz0PmX7wRt');
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });
});
