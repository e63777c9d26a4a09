import { build } from 'esbuild';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { manifest } from '../infra/manifest/index.ts';
import { LAMBDA_BUNDLE } from '../infra/bundling/options.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

/** Bundles every function as the api stack does (infra/bundling/options.ts) and measures it. */
export const bundleSizes = async (): Promise<Record<string, { bytes: number; gzipBytes: number }>> => {
  const sizes: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const [name, spec] of Object.entries(manifest.functions)) {
    const result = await build({
      entryPoints: [resolve(REPO_ROOT, spec.entry)],
      bundle: true,
      write: false,
      ...LAMBDA_BUNDLE,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      banner: { js: LAMBDA_BUNDLE.banner },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    sizes[name] = { bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
  }
  return sizes;
};
