import { build, type Metafile } from 'esbuild';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { manifest } from '../infra/manifest/index.ts';
import { LAMBDA_ENTRY_FILE, lambdaBuildOptions } from '../infra/bundling/options.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

/** The output files a cold start reads: the entry and the chunks it imports statically, transitively. */
const loadedAtInit = (outputs: Metafile['outputs'], entry: string): string[] => {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && outputs[imported.path]) stack.push(imported.path);
  }
  return [...seen];
};

/**
 * Bundles every function as the api stack does (infra/bundling/options.ts) and measures it: the code
 * a cold start reads (index.mjs and its static chunks) and all of it (chunks imported on first use too).
 */
export const bundleSizes = async (): Promise<Record<string, { initBytes: number; initGzipBytes: number; allBytes: number }>> => {
  const sizes: Record<string, { initBytes: number; initGzipBytes: number; allBytes: number }> = {};
  for (const [name, spec] of Object.entries(manifest.functions)) {
    // Kept in memory (write: false); the metafile's paths are relative to absWorkingDir, whatever the cwd.
    const outdir = join(REPO_ROOT, '.bench-bundles', name);
    const result = await build({ ...lambdaBuildOptions(resolve(REPO_ROOT, spec.entry), outdir), write: false, metafile: true, absWorkingDir: REPO_ROOT, logLevel: 'silent' });
    const code = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
    const absolute = (path: string) => join(REPO_ROOT, path);
    const init = loadedAtInit(result.metafile.outputs, Object.keys(result.metafile.outputs).find((f) => f.endsWith(`/${LAMBDA_ENTRY_FILE}`))!).map((f) => code.get(absolute(f))!);
    sizes[name] = {
      initBytes: init.reduce((n, c) => n + c.byteLength, 0),
      initGzipBytes: init.reduce((n, c) => n + gzipSync(c).byteLength, 0),
      allBytes: [...code].filter(([path]) => path.endsWith('.mjs')).reduce((n, [, c]) => n + c.byteLength, 0),
    };
  }
  return sizes;
};
