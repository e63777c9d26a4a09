import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { REPO_ROOT, startLocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { SCREENSHOTS, launchChromium } from './browser.ts';
import { menuPaths, openSettled, pageShot, visit } from './pages.ts';

// Every page of the admin centre in Chinese and English at 1440 and 390 px, for people to look at:
// test-artifacts/screenshots/pages/<lang>-<width>/<path>.png. The pages come from the menu.
//   tsx test/e2e/screenshot-pages.ts                 # builds the site, starts a local platform
//   tsx test/e2e/screenshot-pages.ts http://…:3000   # against a running `npm start` (built site)

const given = process.argv[2];
const webDir = given ? '' : mkdtempSync(join(tmpdir(), 'admin-web-shots-'));
if (!given) await build({ configFile: join(REPO_ROOT, 'admin-web/vite.config.ts'), logLevel: 'error', build: { outDir: webDir, emptyOutDir: true } });
const platform = given ? undefined : await startLocalPlatform({ manifest, port: 0, seed: seedDemo, webDir });
const base = given ?? platform!.url;
const browser = await launchChromium();
try {
  const login = await fetch(`${base}/api/local/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'admin' }) });
  const token = ((await login.json()) as { body: { token: string } }).body.token;
  // The page list from the laptop's menu (on a phone it is a closed drawer).
  const first = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await first.addInitScript(`sessionStorage.setItem('msgplat.token', ${JSON.stringify(token)})`);
  const menuPage = await first.newPage();
  await openSettled(menuPage, `${base}/`);
  const paths = await menuPaths(menuPage);
  await first.close();
  for (const lang of ['zh', 'en']) {
    for (const width of [1440, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      await context.addInitScript(`localStorage.setItem('msgplat.lang', '${lang}'); sessionStorage.setItem('msgplat.token', ${JSON.stringify(token)})`);
      const page = await context.newPage();
      await openSettled(page, `${base}/`);
      for (const path of paths) {
        await visit(page, path);
        await pageShot(page, `${lang}-${width}`, path);
      }
      await context.close();
      console.log(`${lang}-${width}: ${paths.length} pages`);
    }
  }
  console.log(`screenshots in ${join(SCREENSHOTS, 'pages')}`);
} finally {
  await browser.close();
  await platform?.stop();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
}
