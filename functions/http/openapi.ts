import { DOCS_ASSETS, docsInit, docsPage, type DocsAsset } from '#contracts/openapi-page';
import { errorTable } from '#runtime/error-table';
import { httpHandler, rawResponse } from '#runtime/http-handler';
import { staticFiles } from '#runtime/static-files';

// Built on first use, then kept for the container: the document only changes with a deployment, and
// generating it builds every contract's schema (imported then, not at cold start), which the docs
// page and Swagger UI's files do not need.
let documentJson: Promise<string> | undefined;
const openApiJson = () =>
  (documentJson ??= import('#contracts/openapi').then(
    ({ buildOpenApiDocument }) => JSON.stringify(buildOpenApiDocument(errorTable)),
    (error: unknown) => {
      documentJson = undefined;
      throw error;
    },
  ));
// Swagger UI's 1.9 MB is loaded with its first file, not parsed at every cold start.
const files = staticFiles<DocsAsset>(DOCS_ASSETS, async () => {
  const swaggerUi = (await import('#runtime/swagger-ui-assets')).swaggerUiAssets();
  return { 'swagger-ui.css': swaggerUi.css, 'swagger-ui-bundle.js': swaggerUi.js, 'docs-init.js': docsInit };
});

export const handler = httpHandler({}, async ({ path, headers }) => {
  if (path.endsWith('/openapi.json')) return rawResponse(200, 'application/json; charset=utf-8', await openApiJson());
  if (path === '/api/docs' || path === '/api/docs/') return rawResponse(200, 'text/html; charset=utf-8', docsPage(), { headers: { 'cache-control': 'no-cache' } });
  return files.serve(path.slice('/api/docs/'.length), headers['accept-encoding']);
});
