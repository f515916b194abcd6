import { describe, expect, it } from 'vitest';
import { baseConfig, c, ConfigError, defineConfig } from '../../src/index.js';

const config = defineConfig({
  closeAt: c.string({ env: 'CLOSE_AT', default: '23:59', doc: 'local time of the day close' }),
  maxSkips: c.int({ env: 'MAX_SKIPS', default: 50, min: 0, doc: 'skips allowed' }),
  smtp: c.optionalString({ env: 'SMTP_URL', doc: 'mail server' }),
  enabled: c.bool({ env: 'X_ENABLED', default: true, doc: 'switch' }),
  mode: c.oneOf(['a', 'b'] as const, { env: 'X_MODE', default: 'a', doc: 'mode' }),
  secret: c.string({ env: 'X_SECRET', doc: 'signing secret', secret: true }),
  limits: c.json<{ rps: number }>({ env: 'X_LIMITS', default: { rps: 20 }, doc: 'limits' }),
});

describe('defineConfig', () => {
  it('when only required keys are set, then defaults fill the rest with their types', () => {
    expect(config.load({ X_SECRET: 's' })).toEqual({
      closeAt: '23:59',
      maxSkips: 50,
      smtp: undefined,
      enabled: true,
      mode: 'a',
      secret: 's',
      limits: { rps: 20 },
    });
  });

  it('when values are given, then they are parsed to their types', () => {
    const v = config.load({
      X_SECRET: 's',
      MAX_SKIPS: '7',
      X_ENABLED: 'false',
      X_MODE: 'b',
      SMTP_URL: 'smtp://x',
      X_LIMITS: '{"rps":5}',
    });
    expect(v).toMatchObject({ maxSkips: 7, enabled: false, mode: 'b', smtp: 'smtp://x', limits: { rps: 5 } });
  });

  it('when several keys are wrong or missing, then one ConfigError lists every problem', () => {
    let error: unknown;
    try {
      config.load({ MAX_SKIPS: 'many', X_ENABLED: 'perhaps', X_MODE: 'c', X_LIMITS: '{' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/MAX_SKIPS: expected an integer, got "many"/);
    expect(problems.join('\n')).toMatch(/X_ENABLED: expected true\/false/);
    expect(problems.join('\n')).toMatch(/X_MODE: expected one of a, b, got "c"/);
    expect(problems.join('\n')).toMatch(/X_LIMITS: invalid JSON/);
    expect(problems.join('\n')).toMatch(/X_SECRET: required but not set \(signing secret\)/);
    expect((error as Error).message).toContain('MAX_SKIPS');
  });

  it('when a secret is invalid, then the error does not echo its value', () => {
    const secretInt = defineConfig({ pin: c.int({ env: 'PIN', doc: 'pin', secret: true }) });
    expect(() => secretInt.load({ PIN: 'hunter2' })).toThrow(/PIN: invalid value \(secret, not shown\)/);
    expect(() => secretInt.load({ PIN: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('when an integer is out of its bounds, then it is rejected', () => {
    expect(() => config.load({ X_SECRET: 's', MAX_SKIPS: '-1' })).toThrow(/MAX_SKIPS: must be >= 0/);
  });

  it('when a variable is set to the empty string, then it counts as unset', () => {
    expect(config.load({ X_SECRET: 's', MAX_SKIPS: '' }).maxSkips).toBe(50);
  });

  it('when described, then every key reports env, default, requiredness and doc', () => {
    const doc = config.describe();
    expect(doc.find((d) => d.key === 'maxSkips')).toEqual({
      key: 'maxSkips',
      env: 'MAX_SKIPS',
      default: 50,
      required: false,
      kind: 'int',
      doc: 'skips allowed',
    });
    expect(doc.find((d) => d.key === 'secret')).toMatchObject({ required: true });
    expect(doc.find((d) => d.key === 'smtp')).toMatchObject({ required: false, default: undefined });
  });
});

describe('baseConfig', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    expect(baseConfig.load({})).toEqual({
      httpPort: 0,
      grpcPort: 0,
      host: '127.0.0.1',
      databaseUrl: undefined,
      bus: 'pgboss',
      busDatabaseUrl: undefined,
      busPrefix: '',
      services: {},
      grpcBreakerFailures: 5,
      grpcBreakerCooldownMs: 5000,
      logLevel: 'info',
      otlpEndpoint: undefined,
      amqpQueueType: 'classic',
      cacheRedisUrl: undefined,
      databaseReadUrl: undefined,
      discovery: 'static',
      metricsHost: '127.0.0.1',
      metricsPort: 0,
      readinessIntervalMs: 2000,
      revocationPollMs: 1000,
      tokenAudience: 'garrison',
      tokenIssuer: 'garrison',
      trustedJwks: { keys: [] },
    });
  });

  it('when GARRISON_SERVICES is not a table of URLs, then it is rejected with the reason', () => {
    expect(() => baseConfig.load({ GARRISON_SERVICES: '{"users":{"grpc":"9102"}}' })).toThrow(
      /users\.grpc" must be an http\(s\) URL/,
    );
    expect(() => baseConfig.load({ GARRISON_SERVICES: '[]' })).toThrow(/expected a JSON object/);
  });

  it('when GARRISON_SERVICES is valid, then it is parsed', () => {
    const table = { users: { http: 'http://127.0.0.1:8102', grpc: 'http://127.0.0.1:9102' } };
    expect(baseConfig.load({ GARRISON_SERVICES: JSON.stringify(table) }).services).toEqual(table);
  });
});
