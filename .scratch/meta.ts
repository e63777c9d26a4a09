import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/bundling/options.ts';
const entry = process.argv[2]!;
const r = await build({ ...lambdaBuildOptions(entry, '/tmp/meta-out'), metafile: true, write: true });
const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('index.mjs'))!;
const inputs = Object.entries(out[1].inputs).map(([f, v]) => [f.replace(/.*node_modules\//, ''), v.bytesInOutput] as const);
const byPkg = new Map<string, number>();
for (const [f, b] of inputs) { const pkg = f.startsWith('@') ? f.split('/').slice(0, 2).join('/') : f.split('/')[0]!; byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + b); }
console.log('index.mjs bytes', out[1].bytes, 'imports', out[1].imports.length);
console.log([...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([p, b]) => `${p} ${b}`).join('\n'));
