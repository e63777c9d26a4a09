import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const zodNamespace = {
  selector: "ImportDeclaration[source.value=/^zod(\\/v4)?(\\/classic)?$/]",
  message: "Use `import * as z from 'zod/mini'`: classic zod is ~100 KB of every Lambda bundle and gives each schema dozens of methods at cold start (docs/ARCHITECTURE.md → Cold starts).",
};

// Import boundaries per layer (docs/ARCHITECTURE.md → Layers): what the notes say, enforced. `#…`
// imports need `regex`: in a `group` pattern a leading # is a gitignore comment and matches nothing.
const noAws = { group: ['@aws-sdk/*', 'aws-lambda', '@middy/*', '@aws-lambda-powertools/*', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'core is plain TypeScript: no AWS SDK, Lambda types, middy or Powertools.' };
const layer = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

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
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "Read the environment once, through functionEnvOf('<function>'), in the function entry." },
        zodNamespace,
      ],
    },
  },
  {
    // Only function entries, the runtime env parser and local tooling read process.env.
    files: ['layers/runtime/env.ts', 'infra/**', 'test/**', 'bench/**', 'scripts/**', '*.config.*'],
    rules: { 'no-restricted-syntax': ['error', zodNamespace] },
  },
  layer(['layers/core/**'], noAws, { regex: '^#(adapters|runtime|infra)/', message: 'core knows no adapters, runtime or infrastructure: it gets ports.' }),
  layer(['layers/contracts/**'], {
    regex: '^(?!zod/mini$|\\./|#contracts/)',
    message: 'contracts are zod schemas only (admin-web imports them): zod and other contracts.',
  }),
  layer(['layers/adapters/**'], { regex: '^(#runtime/|aws-lambda$)', message: 'adapters implement core ports; the Lambda runtime wraps them, not the other way round.' }),
  layer(['layers/runtime/**'], { regex: '^#adapters/', message: 'runtime wraps use cases; function entries wire the adapters.' }),
);
