import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { bindingEnvKeys } from '../manifest/bindings.ts';
import { manifest } from '../manifest/index.ts';

// How every function is bundled, shared by the api stack, the bundle test and the bench's size and
// cold-start reports, so what is measured is what is deployed. The AWS SDK is bundled (not taken from
// the runtime) so every function runs the SDK version it was tested with; ESM output needs `require`
// for the CommonJS parts.
//
// Code splitting: what a function imports dynamically (a provider it may never use, exceljs, the SDK's
// own lazy imports) goes into chunks of its own that are read only when first imported. A single
// outfile would keep that code in the one file, parsed at every cold start, and wrap every module
// it shares in esbuild's lazy-init functions (compiled twice); measured in `npm run bench -- --only
// coldstart`. NodejsFunction writes one file only, so the api stack bundles with these options itself.

export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Import path → the module bundled instead (esbuild `alias`). */
export const LAMBDA_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
  'node:stream/web': fileURLToPath(new URL('./deferred-web-streams.ts', import.meta.url)),
  'node:process': fileURLToPath(new URL('./process-global.ts', import.meta.url)),
  // Swagger UI's files inlined as text: the bundle has no node_modules to read them from.
  '#runtime/swagger-ui-assets': fileURLToPath(new URL('./swagger-ui-inline.ts', import.meta.url)),
};

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The environment keys of the function(s) whose entry is `entry`, by function name, written into the
 * bundle as a constant (layers/runtime/env.ts reads it): the bundle then checks its keys without
 * carrying the manifest, and a name the bundle was not built for fails as a missing binding would.
 */
const boundKeysOf = (entry: string): Record<string, string> => {
  const built = Object.entries(manifest.functions).filter(([, fn]) => resolve(REPO_ROOT, fn.entry) === resolve(entry));
  return built.length ? { __BOUND_ENV_KEYS__: JSON.stringify(JSON.stringify(Object.fromEntries(built.map(([name, fn]) => [name, bindingEnvKeys(fn.bindings)])))) } : {};
};

/** The Node.js major the functions run on in Lambda (nodejs22.x, infra/constructs/manifest-function.ts). */
export const LAMBDA_NODE_MAJOR = 22;

/** What Lambda loads: index.mjs's `handler`; chunks sit beside it under chunks/. */
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_ENTRY_FILE = 'index.mjs';

/**
 * esbuild options for one function: its entry bundled into `outdir` as index.mjs plus chunks.
 * Source maps are written beside each file (without the sources) and read only when the stage
 * turns them on (deploy option sourceMaps: NODE_OPTIONS=--enable-source-maps).
 */
export const lambdaBuildOptions = (entry: string, outdir: string) =>
  ({
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${LAMBDA_NODE_MAJOR}`,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    alias: LAMBDA_ALIASES,
    define: boundKeysOf(entry),
    logLevel: 'error',
  }) satisfies BuildOptions;
