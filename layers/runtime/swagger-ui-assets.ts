import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Swagger UI's files (npm swagger-ui-dist, a build-time dependency), served by the openapi function at
// /api/docs/… so the API docs work offline, without a CDN. Unbundled (tests, the local runner) they
// are read from the package; a Lambda bundle has no node_modules, so esbuild swaps this module for
// infra/bundling/swagger-ui-inline.ts, which inlines the same files as text (LAMBDA_ALIASES).

const require = createRequire(import.meta.url);
const read = (file: string) => readFileSync(require.resolve(`swagger-ui-dist/${file}`), 'utf8');

export const swaggerUiAssets = (): { css: string; js: string } => ({ css: read('swagger-ui.css'), js: read('swagger-ui-bundle.js') });
