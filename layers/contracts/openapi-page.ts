// GET /api/docs: Swagger UI (npm swagger-ui-dist) over /api/openapi.json. Its files are served by the
// same function under /api/docs/… — nothing from a CDN, so deployments and laptops work offline.

/** The files /api/docs/{asset} serves, and their content types. */
export const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'docs-init.js': 'text/javascript; charset=utf-8',
} as const;
export type DocsAsset = keyof typeof DOCS_ASSETS;

/** Starts Swagger UI. validatorUrl null: by default it would send the document to validator.swagger.io. */
export const docsInit = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  filter: true,
  tryItOutEnabled: false,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

export const docsPage = (): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>消息平台 API 文档 (Message Platform API)</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<style>body { margin: 0; } .swagger-ui .info table { font-size: 13px; }</style>
</head>
<body>
<main id="swagger-ui"><noscript>Swagger UI needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/docs-init.js"></script>
</body>
</html>
`;
