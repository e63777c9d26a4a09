import { parseArgs } from 'node:util';
import { runSmoke } from './smoke-run.ts';

// npm run smoke -- --url <ApiUrl> --key <x-api-key> [--example seed-sms] [--institution CODE] [--timeout 180]

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    example: { type: 'string', default: 'seed-sms' },
    institution: { type: 'string' },
    timeout: { type: 'string', default: '180' },
  },
});

if (!values.url || !values.key) {
  console.error('usage: npm run smoke -- --url <ApiUrl> --key <x-api-key> [--example seed-sms|seed-email] [--institution CODE] [--timeout seconds]');
  process.exit(2);
}

const result = await runSmoke({
  url: values.url,
  key: values.key,
  example: values.example,
  institution: values.institution,
  timeoutMs: Number(values.timeout) * 1000,
});
console.log(`${result.ok ? 'PASS' : 'FAIL'} ${result.requestNo}: ${result.reason}`);
process.exit(result.ok ? 0 : 1);
