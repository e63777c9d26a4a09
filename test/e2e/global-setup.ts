import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../../infra/local/platform.ts';

/**
 * The admin centre built once for every browser test file of the run: from the current source (never
 * a stale dist), into a directory of its own that each file's local runner serves.
 */
export default async function setup(project: TestProject) {
  const webDir = mkdtempSync(join(tmpdir(), 'admin-web-'));
  await build({ configFile: join(REPO_ROOT, 'admin-web/vite.config.ts'), logLevel: 'error', build: { outDir: webDir, emptyOutDir: true } });
  project.provide('adminWebDir', webDir);
  return () => rmSync(webDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminWebDir: string;
  }
}
