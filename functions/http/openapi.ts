import { buildOpenApiDocument } from '#contracts/openapi';
import { DOCS_ASSETS, docsInit, docsPage, type DocsAsset } from '#contracts/openapi-page';
import { errorTable } from '#runtime/error-table';
import { httpHandler, rawResponse } from '#runtime/http-handler';
import { staticFiles } from '#runtime/static-files';
import { swaggerUiAssets } from '#runtime/swagger-ui-assets';

// Built once per container: the document and the docs files only change with a deployment.
const documentJson = JSON.stringify(buildOpenApiDocument(errorTable));
const swaggerUi = swaggerUiAssets();
const files = staticFiles<DocsAsset>(DOCS_ASSETS, { 'swagger-ui.css': swaggerUi.css, 'swagger-ui-bundle.js': swaggerUi.js, 'docs-init.js': docsInit });

export const handler = httpHandler({}, async ({ path, headers }) => {
  if (path.endsWith('/openapi.json')) return rawResponse(200, 'application/json; charset=utf-8', documentJson);
  if (path === '/api/docs' || path === '/api/docs/') return rawResponse(200, 'text/html; charset=utf-8', docsPage(), { headers: { 'cache-control': 'no-cache' } });
  return files.serve(path.slice('/api/docs/'.length), headers['accept-encoding']);
});
