import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { scaledMs } from '../support/wait-for.ts';
import { launchChromium, signIn } from './browser.ts';

// The admin centre in a real browser against the real local runner, one per test file: the site the
// e2e project's global setup built from the current source, the demo configuration loaded, an admin
// signed in.

export interface AdminCentre {
  platform: LocalPlatform;
  browser: Browser;
  /** The admin's page. */
  page: Page;
  /** Opens a route of the SPA and waits for its page. */
  open: (path: string) => Promise<void>;
  /** A local sign-in token, as the runner's /api/local/login gives it. */
  tokenOf: (username: string) => Promise<string>;
}

/** The pipeline delivers asynchronously; with the whole suite sharing two cores that can take a minute. */
export const DELIVERY_WAIT_MS = scaledMs(90_000);
export const SLOW_TEST_MS = scaledMs(240_000);

/** Registers the set-up and tear-down hooks of the describe block it is called in. */
export const useAdminCentre = (): AdminCentre => {
  const centre = {
    open: async (path: string) => {
      await centre.page.goto(`${centre.platform.url}${path}`);
      await centre.page.locator('.ant-pro-page-container').waitFor();
    },
    tokenOf: async (username: string) => {
      const response = await fetch(`${centre.platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username, password: username }) });
      return ((await response.json()) as { body: { token: string } }).body.token;
    },
  } as AdminCentre;

  beforeAll(async () => {
    centre.platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, webDir: inject('adminWebDir') });
    centre.browser = await launchChromium();
    centre.page = await centre.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    centre.page.setDefaultTimeout(scaledMs(15_000));
    await signIn(centre.page, centre.platform.url, 'admin');
  });

  afterAll(async () => {
    await centre.browser?.close();
    await centre.platform?.stop();
  });

  return centre;
};
