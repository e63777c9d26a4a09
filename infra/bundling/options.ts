import { fileURLToPath } from 'node:url';

// How every function is bundled, shared by the api stack (NodejsFunction) and the bench's size report,
// so what is measured is what is deployed. The AWS SDK is bundled (not taken from the runtime) so every
// function runs the SDK version it was tested with; ESM output needs `require` for the CommonJS parts.

export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Import path → the module bundled instead (esbuild `alias`). */
export const LAMBDA_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
  // Swagger UI's files inlined as text: the bundle has no node_modules to read them from.
  '#runtime/swagger-ui-assets': fileURLToPath(new URL('./swagger-ui-inline.ts', import.meta.url)),
};

export const LAMBDA_BUNDLE = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  alias: LAMBDA_ALIASES,
} as const;
