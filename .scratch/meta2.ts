import { build } from 'esbuild';
import { lambdaBuildOptions } from '../infra/bundling/options.ts';
const entry = process.argv[2]!;
const r = await build({ ...lambdaBuildOptions(entry, '/tmp/meta-out'), metafile: true, write: true });
const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('index.mjs'))!;
for (const [f, v] of Object.entries(out[1].inputs)) if (/^(infra|layers|functions)\//.test(f)) console.log(v.bytesInOutput, f);
// who imports infra?
for (const [f, v] of Object.entries(r.metafile.inputs)) for (const imp of v.imports) if (imp.path.startsWith('infra/')) console.log('IMPORT', f, '->', imp.path);
