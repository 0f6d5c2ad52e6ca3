// Development aid: screenshots of pages at phone size (390×844) for looking at what we build.
// Usage: node screenshot.mjs http://127.0.0.1:8090 /path-a /path-b …  → /tmp/shot-<n>.png
import { chromium } from '@playwright/test';

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' });
let n = 0;
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForTimeout(1500);
  const file = `/tmp/shot-${n++}.png`;
  await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
  console.log(file, p);
}
await browser.close();
