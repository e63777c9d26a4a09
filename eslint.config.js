import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const zodNamespace = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'`: the `z` object drags every zod locale (~370 KB) into each Lambda bundle.",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'admin-web/dist/', 'admin-web/node_modules/', 'test-artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', crypto: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment once, through parseEnv, in the function entry.' },
        zodNamespace,
      ],
    },
  },
  {
    // Only function entries, the runtime env parser and local tooling read process.env.
    files: ['layers/runtime/env.ts', 'infra/**', 'test/**', 'bench/**', 'scripts/**', '*.config.*'],
    rules: { 'no-restricted-syntax': ['error', zodNamespace] },
  },
);
