import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      evidenceDir: path.resolve('./data/evidence'),
      databaseUrl: undefined,
      logLevel: 'info',
      trustProxy: false,
      testMode: false,
    });
  });

  it('derives EVIDENCE_DIR from DATA_DIR unless set', () => {
    expect(parseEnv({ DATA_DIR: '/srv/mm' }).evidenceDir).toBe('/srv/mm/evidence');
    expect(parseEnv({ DATA_DIR: '/srv/mm', EVIDENCE_DIR: '/blobs' }).evidenceDir).toBe('/blobs');
  });

  it('parses TRUST_PROXY as boolean, hop count or address list', () => {
    expect(parseEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('reads the metrics settings; a short token or a bad port is refused by name', () => {
    expect(parseEnv({}).metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(
      parseEnv({ METRICS_TOKEN: 'a'.repeat(16), METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })
        .metrics,
    ).toEqual({ token: 'a'.repeat(16), port: 9464, host: '0.0.0.0' });
    expect(parseEnv({ METRICS_TOKEN: '', METRICS_PORT: '' }).metrics.port).toBeUndefined();
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 16/,
    );
    expect(() => parseEnv({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('names every bad variable and its value', () => {
    let caught: unknown;
    try {
      parseEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'x y',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as EnvError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('TRUST_PROXY');
    expect((caught as EnvError).problems).toHaveLength(4);
  });

  it('accepts postgres URLs and test mode flags', () => {
    const env = parseEnv({
      DATABASE_URL: 'postgres://u:p@db:5432/mm',
      METAMORPH_TEST_MODE: '1',
      PUBLIC_URL: 'https://purple.example.com',
    });
    expect(env.databaseUrl).toBe('postgres://u:p@db:5432/mm');
    expect(env.testMode).toBe(true);
    expect(env.publicUrl).toBe('https://purple.example.com');
    expect(() => parseEnv({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
  });
});
