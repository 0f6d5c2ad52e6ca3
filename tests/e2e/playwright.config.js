// Playwright against the reference server serving a fresh release build (scripts/test builds both
// first). Debian's Chromium: Playwright's own browser download is not possible here.
import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';

const root = path.resolve(import.meta.dirname, '../..');
const port = Number(process.env.E2E_PORT || 8181);
const server = process.env.KEPURI_SERVER_BIN || path.join(root, 'target/server/kepuri-server');
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-e2e-'));

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: './specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    timezoneId: 'America/New_York', // a device far from China must still see China times
    locale: 'zh-CN',
  },
  projects: [
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, launchOptions },
    },
  ],
  webServer: {
    command: [server, '--db', path.join(dbDir, 'e2e.db'), '--addr', `127.0.0.1:${port}`,
      '--static', path.join(root, 'dist'), '--clock', '2021-09-13T10:00:00+08:00', '--dev-codes',
      // Every test logs in from 127.0.0.1, some with the same phone: the /auth limits are for
      // the public, not for this suite.
      '--auth-per-ip-per-minute', '100000', '--auth-global-per-minute', '100000',
      '--sms-per-phone-per-day', '100000']
      .map((a) => JSON.stringify(a)).join(' '),
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
