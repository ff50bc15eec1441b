// The version shown in app.info and the window title: package.json's, read once from the repo (or the packaged
// app's resources), found from this compiled file at dist/electron/records/.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | null = null;

export function appVersion(): string {
  if (cached !== null) return cached;
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
