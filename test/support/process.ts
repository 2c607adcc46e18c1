// The real server as a separate OS process: for durability (SIGKILL) and README tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/free-port.ts';
import { tempDataDir } from './system.ts';
import { YKT_PROCESS } from './cli.ts';

export { freePort };

export interface ServerProcess {
  base: string;
  dataDir: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerProcessOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** The demo unless false: production then needs its notifier, secrets and agreement in env and data. */
  demo?: boolean;
  /** How node starts the CLI: as this test runs (YKT_PROCESS) unless told otherwise (a build: ['dist/src/cli/main.js']). */
  cli?: string[];
  cwd?: string;
  /** A port of its own choosing, e.g. the one a killed server had, so that its clients find it again. */
  port?: number;
}

/** Starts `ykt serve --demo` (production with `demo: false`) on a free port and waits until /readyz (alias /healthz) answers. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const port = options.port ?? (await freePort());
  const mode = options.demo === false ? [] : ['--demo'];
  const child = spawn(process.execPath, [...(options.cli ?? YKT_PROCESS), 'serve', ...mode], {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YKT_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Starting loads every module: seconds on a quiet machine, far more on a loaded one. A server
  // that is not up after a minute and a half is a failure said as such, not a test that goes on without it.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server at ${base} not up after 90 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    dataDir,
    child,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
