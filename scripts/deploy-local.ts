// A real production deployment on loopback, installed step by step as docs/deploy.md says: the build
// (`npm run build`, into the deployment's directory) in an install that holds only the production
// dependencies; PostgreSQL with the two roles (the owner migrates and grants, the nodes connect as the
// application role with YKT_MIGRATE=false); one environment file with the shared secrets and the SMTP
// server; an agreement published with the CLI; `ykt doctor`; two API nodes (`node --env-file=… serve`) and
// nginx in front as load balancer and list cache. `npx tsx scripts/deploy-local.ts` starts it (`--demo`
// for the demo instead) and prints the address; Ctrl-C stops it all. The end-to-end test
// (test/deploy/nginx.test.ts) drives the same functions, killing and restarting a node.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from './build.ts';
import { REPO_ROOT as ROOT } from './repo-root.ts';
import { deployDocSql, runStatements, startCluster, type Cluster } from './postgres-cluster.ts';
import { freePort } from './free-port.ts';

export interface Node {
  port: number;
  base: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
}

export interface Deployment {
  /** nginx: what clients and readers talk to. */
  base: string;
  nodes: Node[];
  /** The application role's URL, which the nodes and the operator's commands use. */
  databaseUrl: string;
  dir: string;
  /** The environment file every node and command reads (`node --env-file=…`). */
  envFile: string;
  /** Runs `ykt …` from the build as an operator on a node would, with the nodes' environment file; `input` is its stdin. */
  ykt(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  port?: number;
  nodes?: number;
  durable?: boolean;
  /** The demo (`YKT_DEMO=true`, seeded, with the outbox) instead of production. */
  demo?: boolean;
  /** YKT_MAIL_URL: the SMTP server the holders' sign-in codes go to (production needs a notifier). */
  mailUrl?: string;
  /** The eight shared secrets every node gets (YKT_DOCUMENT_KEY, …, the list root key, certified signing key and hash key): production on PostgreSQL needs them. */
  secrets?: Record<string, string>;
  /** The agreement published before the nodes start, as `ykt agreement publish --version 1` (production needs one). */
  agreement?: { zh: string; en: string };
}

/** One line of an environment file as `node --env-file` reads it: a value with line breaks goes in double quotes. */
const envLine = (name: string, value: string): string => `${name}=${/[\n"#'\s]/.test(value) ? `"${value}"` : value}`;

/** nginx's binary, or null when it is not installed. */
export function findNginx(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, 'nginx');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

async function waitFor(url: string, child: ChildProcess | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Makes `app` a production install of the build in `app/dist`: the package.json, and node_modules with the
 * production dependencies only (as `npm ci --omit=dev` leaves them), each a link to the installed package.
 * Node follows a link to the package's real directory, so a package still finds its own dependencies, but
 * the app's code finds only these: no tsx, no esbuild.
 */
export function installBuilt(app: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  for (const name of Object.keys(pkg.dependencies)) {
    const link = path.join(app, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules', name)), link, 'dir');
  }
}

/** The environment of a command run from the build: the machine's PATH and what `extra` says; the rest comes from the environment file. */
const machineEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: process.env.PATH ?? '', ...extra });

/** One API node: `node --env-file=ykt.env dist/src/cli/main.js serve` on its own port; start() again after kill(). */
function apiNode(app: string, port: number, envFile: string, logFile: string): Node {
  let child: ChildProcess | null = null;
  const node: Node = {
    port,
    base: `http://127.0.0.1:${port}`,
    async start() {
      const log = fs.openSync(logFile, 'a');
      child = spawn(process.execPath, [`--env-file=${envFile}`, 'dist/src/cli/main.js', 'serve'], {
        cwd: app,
        // Only the environment file and this machine's port: no NODE_OPTIONS (which could --import tsx), so
        // the build runs with plain node, and nothing of the environment this script runs in.
        env: machineEnv({ PORT: String(port) }),
        stdio: ['ignore', log, log],
      });
      fs.closeSync(log);
      await waitFor(`${node.base}/readyz`, child, 60_000);
    },
    async kill(signal = 'SIGTERM') {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
  };
  return node;
}

/** The nginx configuration: round robin over the nodes, list files cached, the event stream unbuffered. */
export function nginxConfig(o: { dir: string; port: number; nodes: number[]; user: string | null }): string {
  return `# Generated by scripts/deploy-local.ts
${o.user ? `user ${o.user};` : ''}
worker_processes 1;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log ${o.dir}/nginx-access.log;
  client_body_temp_path ${o.dir}/tmp/body;
  proxy_temp_path ${o.dir}/tmp/proxy;
  fastcgi_temp_path ${o.dir}/tmp/fastcgi;
  uwsgi_temp_path ${o.dir}/tmp/uwsgi;
  scgi_temp_path ${o.dir}/tmp/scgi;
  # Reader list files go to enrolled readers only. Answers to a signed link (?expires=…&sig=…, from the sync
  # plan) are the same for every reader and say public: cached under the path and the link, for as long as
  # the node says (until the link expires, at most 10 min). A request without a link is a reader's own
  # (credentials): it always reaches a node and its answer (private) is never stored.
  map $arg_sig $ykt_unsigned { "" 1; default 0; }
  proxy_cache_path ${o.dir}/cache levels=1:2 keys_zone=ykt_lists:10m max_size=1g inactive=15m use_temp_path=off;

  upstream ykt_nodes {
${o.nodes.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s;`).join('\n')}
    keepalive 32;
  }

  server {
    listen 127.0.0.1:${o.port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    # One id per request from the edge on: the nodes trust it from this proxy (TRUST_PROXY) and log it.
    proxy_set_header X-Request-Id $request_id;
    proxy_connect_timeout 2s;
    # Browsers only ever reach the service over HTTPS once they have seen this (a real edge listens on 443
    # with TLS). nginx drops server-level add_header in a location with its own, so the lists repeat it.
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    # A node that refuses the connection (killed) is skipped; a request it had already received is not
    # replayed elsewhere unless idempotent, so an upgrade is never applied twice by the proxy.
    proxy_next_upstream error timeout http_502 http_503;

    location / {
      proxy_pass http://ykt_nodes;
    }

    # Prometheus scrapes each node directly (docs/deploy.md); /metrics is not served to the outside.
    location = /metrics {
      return 404;
    }

    location ~ ^/api/v1/terminal/lists/(snapshot|delta)/ {
      proxy_pass http://ykt_nodes;
      proxy_cache ykt_lists;
      # Only the link in the key, never Authorization: one object per file and window for every reader.
      proxy_cache_key $scheme$proxy_host$uri?expires=$arg_expires&sig=$arg_sig;
      proxy_cache_bypass $ykt_unsigned;
      proxy_no_cache $ykt_unsigned;
      proxy_cache_lock on;
      add_header X-Cache-Status $upstream_cache_status always;
      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    }

    # Server-sent events: every delta and heartbeat goes out as it is written.
    location = /api/v1/terminal/events {
      proxy_pass http://ykt_nodes;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

/** Runs `ykt …` from the build in `app` with the environment file (and `extra`, which wins over it). */
function runYkt(app: string, envFile: string, args: string[], input = '', extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [`--env-file=${envFile}`, 'dist/src/cli/main.js', ...args], { cwd: app, env: machineEnv(extra) }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

/**
 * Starts PostgreSQL, `nodes` API nodes and nginx on loopback, installed as docs/deploy.md says.
 * @example const d = await startDeployment({ mailUrl, secrets: sharedSecretsEnv(), agreement }); await d.stop();
 */
export async function startDeployment(options: DeploymentOptions = {}): Promise<Deployment> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ykt-deploy-'));
  const cleanups: Array<() => unknown> = [];
  try {
    // Step 1, `npm run build`, while the database server starts (awaited once the cluster is in the cleanups).
    const built = buildDist(path.join(dir, 'dist'));
    built.catch(() => undefined);
    const cluster: Cluster = await startCluster({ durable: options.durable ?? true });
    cleanups.push(() => cluster.stop());
    // Should this process end without stop(), the database server must not outlive it.
    process.once('exit', () => cluster.stop());
    // The two roles: docs/deploy.md's SQL, as the superuser, word for word (this cluster trusts loopback,
    // so the passwords in the URLs are the documented ones but go unchecked).
    await runStatements(cluster.url('postgres'), deployDocSql('cluster'));
    await runStatements(cluster.url('ykt'), deployDocSql('database'));
    const roleUrl = (role: string, password: string) => cluster.url('ykt').replace('://ykt@', `://${role}:${password}@`);
    const ownerUrl = roleUrl('ykt_owner', 'owner-secret');
    const databaseUrl = roleUrl('ykt_app', 'app-secret');
    await built;
    installBuilt(dir);
    // nginx's port, chosen first: the environment file names it as the address holders open.
    const port = options.port ?? (await freePort());
    // Step 2, the environment file every node and command reads. The nodes share one data directory here;
    // on separate machines each has its own, and the secrets come from this file alike.
    const settings: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      YKT_MIGRATE: 'false',
      YKT_DATA_DIR: path.join(dir, 'data'),
      HOST: '127.0.0.1',
      TRUST_PROXY: '127.0.0.1',
      // Where holders open the service: nginx's front, which the links in notices point at.
      YKT_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      ...(options.demo ? { YKT_DEMO: 'true' } : {}),
      ...(options.mailUrl ? { YKT_MAIL_URL: options.mailUrl } : {}),
      ...options.secrets,
    };
    const envFile = path.join(dir, 'ykt.env');
    fs.writeFileSync(envFile, Object.entries(settings).map(([name, value]) => envLine(name, value)).join('\n') + '\n', { mode: 0o600 });
    const ykt = (args: string[], input = '') => runYkt(dir, envFile, args, input);
    const must = async (what: Promise<{ code: number; stdout: string; stderr: string }>, step: string) => {
      const done = await what;
      if (done.code !== 0) throw new Error(`${step} exited with ${done.code}: ${done.stdout}${done.stderr}`);
      return done;
    };
    // The owner migrates and grants the application role.
    await must(runYkt(dir, envFile, ['db', 'migrate'], '', { DATABASE_URL: ownerUrl, YKT_DB_APP_ROLE: 'ykt_app' }), 'ykt db migrate (as the owner)');
    if (!options.demo) {
      const agreement = options.agreement ?? { zh: '一卡通升级服务协议(本地部署)', en: 'Yikatong Upgrade service agreement (local deployment)' };
      fs.writeFileSync(path.join(dir, 'agreement.zh.txt'), agreement.zh);
      fs.writeFileSync(path.join(dir, 'agreement.en.txt'), agreement.en);
      await must(ykt(['agreement', 'publish', '--version', '1', '--zh', path.join(dir, 'agreement.zh.txt'), '--en', path.join(dir, 'agreement.en.txt')]), 'ykt agreement publish');
      // What a pipeline runs before switching traffic: every item of the checklist holds.
      await must(ykt(['doctor']), 'ykt doctor');
    }
    const nodes: Node[] = [];
    for (let i = 0; i < (options.nodes ?? 2); i++) {
      // Started one after another: a demo's first node finds the database empty and seeds it, the others never race it.
      const node = apiNode(dir, await freePort(), envFile, path.join(dir, `node-${i + 1}.log`));
      cleanups.push(() => node.kill());
      await node.start();
      nodes.push(node);
    }
    const asRoot = process.getuid?.() === 0;
    for (const sub of ['tmp', 'cache']) fs.mkdirSync(path.join(dir, sub));
    if (asRoot) {
      // nginx's workers drop to nobody: they must reach the cache and temp directories.
      fs.chmodSync(dir, 0o755);
      execFileSync('chown', ['-R', 'nobody:nogroup', path.join(dir, 'tmp'), path.join(dir, 'cache')]);
    }
    fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig({ dir, port, nodes: nodes.map((n) => n.port), user: asRoot ? 'nobody nogroup' : null }));
    const started = spawnSync(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
    if (started.status !== 0) throw new Error(`nginx failed to start: ${started.stderr}`);
    cleanups.push(() => spawnSync(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-s', 'stop']));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/readyz`, null, 10_000);
    let stopped = false;
    return {
      base,
      nodes,
      databaseUrl,
      dir,
      envFile,
      ykt,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const cleanup of cleanups.reverse()) await cleanup();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const demo = process.argv.includes('--demo');
  // Production needs a notifier and shared secrets: without YKT_MAIL_URL, a local SMTP server whose mail is
  // printed here stands in for the mail provider (the tests' own, test/support/mail-servers.ts).
  const { startSmtpSink } = await import('../test/support/mail-servers.ts');
  const { sharedSecretsEnv } = await import('../test/support/system.ts');
  const sink = demo || process.env.YKT_MAIL_URL ? null : await startSmtpSink();
  const deployment = await startDeployment({ port: Number(process.env.PORT ?? 8080), demo, mailUrl: process.env.YKT_MAIL_URL ?? sink?.url, secrets: sharedSecretsEnv() });
  console.log(`Yikatong Upgrade (${demo ? 'DEMO' : 'production'}) on PostgreSQL behind nginx: ${deployment.base}`);
  deployment.nodes.forEach((n, i) => console.log(`  node ${i + 1}: ${n.base}`));
  console.log(`  database (application role): ${deployment.databaseUrl}\n  logs, nginx.conf and ykt.env: ${deployment.dir}`);
  if (!demo) {
    const cli = `node --env-file=${deployment.envFile} ${path.join(deployment.dir, 'dist/src/cli/main.js')}`;
    console.log(`Load cards and staff as docs/deploy.md says, e.g.\n  ${cli} import cards cards.csv\n  ${cli} staff add --username ops01 --role operator --name "Operator 1"   (the password is asked for)`);
  }
  if (sink) {
    console.log(`Mail (sign-in codes) goes to ${sink.url} and is printed here.`);
    let printed = 0;
    setInterval(() => {
      for (const mail of sink.received.slice(printed)) console.log(`mail to ${mail.envelope.to.join(', ')}: ${mail.headers.subject ?? ''}\n${mail.text.trim()}`);
      printed = sink.received.length;
    }, 500).unref();
  }
  console.log('Ctrl-C stops everything.');
  const stop = () => void deployment.stop().then(() => sink?.close()).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
