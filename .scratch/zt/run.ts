import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
for (const f of ['a', 'b']) {
  await build({ entryPoints: [`.scratch/zt/${f}.ts`], outfile: `/tmp/zt-${f}.mjs`, bundle: true, format: 'esm', platform: 'node', minify: true, logLevel: 'silent' });
  const times: number[] = []; let built = 0;
  for (let i = 0; i < 9; i++) {
    const s = `let built=0; globalThis.__zod_globalConfig = { postProcessor: () => { built++; } }; const t = performance.now(); await import('file:///tmp/zt-${f}.mjs'); process.stdout.write(JSON.stringify([performance.now() - t, built]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', s], { encoding: 'utf8' });
    const [ms, b] = JSON.parse(r.stdout); times.push(ms); built = b;
  }
  times.sort((a, b) => a - b);
  console.log(f, 'median ms', times[4]!.toFixed(1), 'zod objects', built);
}
