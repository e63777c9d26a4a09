import { build } from 'esbuild';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { manifest } from '../infra/manifest/index.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

/** Bundles every function as the api stack does (ESM, minified, SDK bundled, node22) and measures it. */
export const bundleSizes = async (): Promise<Record<string, { bytes: number; gzipBytes: number }>> => {
  const sizes: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const [name, spec] of Object.entries(manifest.functions)) {
    const result = await build({
      entryPoints: [resolve(REPO_ROOT, spec.entry)],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    sizes[name] = { bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
  }
  return sizes;
};
