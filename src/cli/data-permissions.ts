// The data directory holds the SQLite database and the secrets (sealing keys, list signing keys): readable
// by the server's own user only. Checked at every start, since a copy, a restore or an old release may have
// left them open; each fix is logged as a warning so the operator learns how it happened.
import fs from 'node:fs';
import path from 'node:path';

export interface PermissionFix {
  path: string;
  was: string;
  now: string;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/** Sets `file` to `mode` if group or others have any access; returns the fix made. */
function tighten(file: string, mode: number): PermissionFix | null {
  const current = fs.statSync(file).mode & 0o777;
  if ((current & 0o077) === 0) return null;
  fs.chmodSync(file, mode);
  return { path: file, was: octal(current), now: octal(mode) };
}

/**
 * Makes the data directory 0700 and every file in it 0600 (directories inside it 0700); a missing
 * directory is left for the store to create.
 * @example for (const fix of fixDataPermissions('data')) log.warn(fix, 'permissions tightened');
 */
export function fixDataPermissions(dataDir: string): PermissionFix[] {
  if (!fs.existsSync(dataDir)) return [];
  const fixes: PermissionFix[] = [];
  const walk = (dir: string) => {
    const fix = tighten(dir, 0o700);
    if (fix) fixes.push(fix);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const fileFix = tighten(full, 0o600);
        if (fileFix) fixes.push(fileFix);
      }
    }
  };
  walk(dataDir);
  return fixes;
}
