// 「点亮好奇心」: the gallery in the URL, likes on an entry, and a video submission that survives
// a dropped connection and a reload: re-picking the same file continues from the server's offset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage } from '../pages/app.js';

// A real 6-second H.264 video of ≈ 14 MB (two 8 MiB chunks), made with ffmpeg at test time.
const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-video-')), '彩虹实验.mp4');
test.beforeAll(() => {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '6',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '40M', '-minrate', '40M', '-maxrate', '40M', '-bufsize', '20M',
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', video]);
});

async function logIn(page, phone, next) {
  const app = new AppPage(page);
  await app.goto(`/login?next=${encodeURIComponent(next)}`);
  await new LoginPage(page).logIn(phone);
  await expect(page).toHaveURL(new RegExp(`${next}$`));
}

test('the gallery keeps category and sort in the URL; an entry can be liked once', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/challenge');
  const entries = page.getByTestId('entries').getByRole('listitem');
  await expect(entries.first()).toBeVisible();
  await page.getByRole('list', { name: '参赛组别' }).getByRole('link', { name: '少儿组' }).click();
  await expect(page).toHaveURL(/\/challenge\?category=kids$/);
  await page.getByRole('link', { name: '最热' }).click();
  await expect(page).toHaveURL(/\/challenge\?sort=popular&category=kids$/);
  await page.reload();
  await expect(page.getByRole('link', { name: '最热' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: '少儿组' })).toHaveAttribute('aria-current', 'page');
  await expect(entries.first()).toBeVisible();
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  const title = await entries.first().locator('.entry-card__title').textContent();
  await entries.first().getByRole('link').click();
  await expect(page.getByTestId('entry-title')).toHaveText(title);
  const entryPath = new URL(page.url()).pathname;
  await logIn(page, '13800138201', entryPath);
  const like = page.getByTestId('like-button');
  const before = Number(await like.getByTestId('like-count').textContent());
  await like.dblclick();
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(like.getByTestId('like-count')).toHaveText(String(before + 1));
  await page.reload();
  await expect(page.getByTestId('like-count')).toHaveText(String(before + 1));
  await app.expectAccessible();
});

test('a dropped upload resumes from the server offset after a reload, then shows in 我的作品', async ({ page }) => {
  await logIn(page, '13800138202', '/challenge/submit');
  const form = {
    file: page.getByLabel('选择或拍摄视频'),
    title: page.getByLabel('作品标题'),
    category: page.getByLabel('参赛组别'),
    submit: page.getByRole('button', { name: '上传并提交' }),
  };
  // Errors sit next to their fields; nothing is sent.
  await form.submit.click();
  await expect(page.locator('#title-error')).toHaveText('请填写作品标题');
  await expect(page.locator('#video-error')).toHaveText('请先选择视频');
  // The first invalid field (the video, above the preview) is brought into view and focused.
  await expect(form.file).toBeFocused();
  await expect(form.file).toBeInViewport();
  await form.file.setInputFiles({ name: 'notes.mp4', mimeType: 'text/plain', buffer: Buffer.from('not a video at all') });
  await expect(page.locator('#video-error')).toHaveText('无法读取这个视频，请换一个文件');

  const title = `彩虹实验 ${Date.now() % 100000}`;
  await form.title.fill(title);
  await page.getByLabel('参赛者年龄（周岁）').fill('30');
  await expect(form.category).toHaveValue('adults');
  await form.file.setInputFiles(video);
  await expect(page.getByTestId('video-preview')).toBeVisible();
  await expect(page.locator('#video-error')).toHaveText('');

  // The connection drops after the first chunk.
  const patches = [];
  await page.route('**/api/v1/uploads/*', (route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    patches.push(route.request().headers()['upload-offset']);
    return patches.length === 1 ? route.continue() : route.abort('connectionreset');
  });
  await form.submit.click();
  await expect(page.getByTestId('upload-progress')).toContainText('网络中断');
  expect(patches[0]).toBe('0');

  // Reload: the form is still filled in, and the same file continues where the server is.
  await page.unroute('**/api/v1/uploads/*');
  await page.reload();
  await expect(page.getByTestId('reselect')).toBeVisible();
  await expect(form.title).toHaveValue(title);
  await expect(form.category).toHaveValue('adults');
  await expect(page.getByLabel('参赛者年龄（周岁）')).toHaveValue('30');
  const offsets = [];
  page.on('request', (r) => { if (r.method() === 'PATCH') offsets.push(Number(r.headers()['upload-offset'])); });
  await form.file.setInputFiles(video);
  await expect(page.getByTestId('resume-note')).toContainText('将从断点继续');
  await form.submit.click();
  await expect(page.getByTestId('submitted')).toContainText('投稿成功');
  await expect(page.getByTestId('upload-progress')).toContainText('100%');
  expect(offsets[0]).toBe(8 * 1024 * 1024);

  await page.getByRole('link', { name: '查看我的作品' }).click();
  const mine = page.getByTestId('my-entries').getByRole('link', { name: new RegExp(title) });
  await expect(mine).toBeVisible();
  await expect(mine.getByTestId('entry-status')).toHaveText('审核中');
  await new AppPage(page).expectAccessible();
});

test('暂停 stops the upload at once and 继续上传 finishes it', async ({ page }) => {
  await logIn(page, '13800138203', '/challenge/submit');
  await page.getByLabel('作品标题').fill('暂停再继续');
  await page.getByLabel('参赛者年龄（周岁）').fill('15');
  await expect(page.getByLabel('参赛组别')).toHaveValue('teens');
  await page.getByLabel('选择或拍摄视频').setInputFiles(video);
  await expect(page.getByTestId('video-preview')).toBeVisible();
  // Hold the first chunk back, as a slow connection would.
  let held = 0;
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && held++ === 0) {
      await new Promise((r) => setTimeout(r, 3000));
    }
    try { await route.continue(); } catch { /* aborted by 暂停 meanwhile */ }
  });
  await page.getByRole('button', { name: '上传并提交' }).click();
  await page.getByRole('button', { name: '暂停' }).click();
  await expect(page.getByTestId('upload-progress')).toContainText('已暂停');
  await expect(page.getByRole('button', { name: '继续上传' })).toBeVisible();
  await page.getByRole('button', { name: '继续上传' }).click();
  await expect(page.getByTestId('submitted')).toContainText('投稿成功');
});

test('leaving the page mid-upload stops the upload without a crash', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await logIn(page, '13800138204', '/challenge/submit');
  await page.getByLabel('作品标题').fill('离开页面');
  await page.getByLabel('参赛者年龄（周岁）').fill('30');
  await expect(page.getByLabel('参赛组别')).toHaveValue('adults');
  await page.getByLabel('选择或拍摄视频').setInputFiles(video);
  await expect(page.getByTestId('video-preview')).toBeVisible();
  // Slow chunks, so the upload is still going when the user taps another tab.
  const patches = [];
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') {
      patches.push(route.request().headers()['upload-offset']);
      await new Promise((r) => setTimeout(r, 1500));
    }
    try { await route.continue(); } catch { /* aborted when the page was left */ }
  });
  await page.getByRole('button', { name: '上传并提交' }).click();
  await expect.poll(() => patches.length).toBe(1);
  await new AppPage(page).tabBar.getByRole('link', { name: '直播' }).click();
  await expect(page).toHaveURL(/\/live/);
  await page.waitForTimeout(4000); // time for the held chunk and one more to go out
  expect(patches).toEqual(['0']);
  await expect(page.locator('#panic-banner')).toBeHidden();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the entry title takes IME text when the composition ends', async ({ page }) => {
  await logIn(page, '13800138205', '/challenge/submit');
  const title = page.getByLabel('作品标题');
  const draft = () => page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.draft.entry') || '{}').title ?? '');
  await title.focus();
  await title.dispatchEvent('compositionstart', { data: '' });
  await title.evaluate((el) => {
    el.value = 'caihong';
    el.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: 'caihong' }));
  });
  await expect(title).toHaveValue('caihong');
  expect(await draft()).toBe('');
  await title.evaluate((el) => {
    el.value = '彩虹';
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '彩虹' }));
  });
  await expect.poll(draft).toBe('彩虹');
  await expect(title).toHaveValue('彩虹');
});

test('an unknown entry says so, with a page title', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/challenge/entries/1');
  await expect(page.getByTestId('not-found-view')).toContainText('该作品不存在或已下线');
  await expect(page.getByTestId('not-found-view').getByRole('link', { name: '返回列表' })).toHaveAttribute('href', '/challenge');
  await expect(page).toHaveTitle(/\S/);
  await app.expectAccessible();
});
