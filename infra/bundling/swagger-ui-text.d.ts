// esbuild's `with { type: 'text' }` imports (swagger-ui-inline.ts): the file's content as a string.
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string;
  export default text;
}
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string;
  export default text;
}
