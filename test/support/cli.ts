// Runs the real `ykt` CLI in a child process, as an operator would; `input` is what it reads on stdin
// (a pipe, so not a terminal: `ykt staff add` then reads the password from it).
import { execFile } from 'node:child_process';

export function ykt(args: string[], env: Record<string, string> = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}
