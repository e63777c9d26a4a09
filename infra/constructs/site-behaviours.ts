import { Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * Client-side routes (/requests/list…) are served index.html by a viewer-request function rather than
 * by the distribution's error responses: those would apply to `/api/*` too, turning the API's 403/404
 * envelopes into a 200 HTML page.
 */
export const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (request.uri.indexOf('/api/') !== 0 && last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** The admin site: the private bucket through origin access control, cached, with security headers. */
export const siteBehaviour = (scope: Construct, site: Bucket): BehaviorOptions => ({
  origin: S3BucketOrigin.withOriginAccessControl(site),
  viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
  cachePolicy: CachePolicy.CACHING_OPTIMIZED,
  responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
  functionAssociations: [
    {
      eventType: FunctionEventType.VIEWER_REQUEST,
      function: new CloudFrontFunction(scope, 'SpaRewrite', { code: FunctionCode.fromInline(SPA_REWRITE), runtime: FunctionRuntime.JS_2_0 }),
    },
  ],
});

/**
 * `/api/*` → the HTTP API, never cached. With caching disabled the AllViewerExceptHostHeader origin
 * request policy forwards every viewer header (x-api-key, authorization, content-type…), the query
 * string and the body; the Host header must be the API's own for API Gateway to find it. HTTPS only,
 * no redirect: a redirected POST loses its body.
 */
export const apiBehaviour = (api: HttpApi): BehaviorOptions => {
  const stack = Stack.of(api);
  return {
    origin: new HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
  };
};
