// Bundled in place of layers/runtime/swagger-ui-assets.ts (options.ts → LAMBDA_ALIASES): esbuild
// inlines Swagger UI's files as strings, so the openapi Lambda serves them without node_modules.
import css from 'swagger-ui-dist/swagger-ui.css' with { type: 'text' };
import js from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'text' };

export const swaggerUiAssets = (): { css: string; js: string } => ({ css, js });
