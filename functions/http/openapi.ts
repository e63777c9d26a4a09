import { buildOpenApiDocument } from '#contracts/openapi';
import { docsPage } from '#contracts/openapi-page';
import { errorTable } from '#runtime/error-table';
import { httpHandler, rawResponse } from '#runtime/http-handler';

// Built once per container: the document only changes with a deployment.
const documentJson = JSON.stringify(buildOpenApiDocument(errorTable));
const page = docsPage();

export const handler = httpHandler({}, async ({ path }) =>
  path.endsWith('/openapi.json') ? rawResponse(200, 'application/json; charset=utf-8', documentJson) : rawResponse(200, 'text/html; charset=utf-8', page),
);
