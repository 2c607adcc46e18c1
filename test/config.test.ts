import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { ConfigError, ENV_SCHEMA, loadConfig } from '../src/config.ts';
import { envExample } from '../scripts/env-example.ts';

const refusal = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
};

test('an empty environment gives the documented defaults', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.demo, false, 'production unless asked for the demo');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.trustProxy, false);
  assert.equal(config.codeTtlMs, 5 * 60_000);
});

test('a bad value is refused naming the variable and what it allows', () => {
  assert.match(refusal({ PORT: 'abc' }).message, /PORT: must be integer/);
  assert.match(refusal({ PORT: '70000' }).message, /PORT: must be <= 65535/);
  assert.match(refusal({ LOG_LEVEL: 'loud' }).message, /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/);
  assert.match(refusal({ YKT_SESSION_KEY: 'short' }).message, /YKT_SESSION_KEY: must match/);
});

test('booleans are true or false only', () => {
  for (const value of ['0', '1', 'yes', 'TRUE']) assert.match(refusal({ YKT_DEMO: value }).message, /YKT_DEMO: must be true or false/);
  assert.equal(loadConfig({ YKT_DEMO: 'false' }).demo, false);
  assert.equal(loadConfig({ YKT_DEMO: 'true' }).demo, true);
});

test('DATABASE_URL must be a PostgreSQL URL', () => {
  assert.match(refusal({ DATABASE_URL: 'mysql://localhost/ykt' }).message, /DATABASE_URL: must match/);
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://ykt@localhost/ykt' }).databaseUrl, 'postgresql://ykt@localhost/ykt');
});

test('an unknown YKT_ variable is refused as a likely typo, and every problem is listed at once', () => {
  const error = refusal({ YKT_DEMOO: 'true' });
  assert.deepEqual(error.problems.map((p) => p.variable), ['YKT_DEMOO']);
  assert.deepEqual(refusal({ PORT: 'x', LOG_LEVEL: 'y' }).problems.map((p) => p.variable).sort(), ['LOG_LEVEL', 'PORT']);
});

test('.env.example lists every variable of the schema with its default', () => {
  assert.equal(fs.readFileSync('.env.example', 'utf8'), envExample(), 'run: npx tsx scripts/env-example.ts');
  for (const name of Object.keys(ENV_SCHEMA.properties)) assert.match(envExample(), new RegExp(`^(# )?${name}=`, 'm'));
});

test('the environment given is the whole environment: the process environment is not mixed into it', () => {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = 'not-a-url';
  try {
    assert.equal(loadConfig({ YKT_DATA_DIR: 'data' }).databaseUrl, undefined);
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
});
