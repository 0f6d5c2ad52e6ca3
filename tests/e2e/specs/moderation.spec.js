// 内容审核: a moderator rejects one entry (the entrant reads why on /me) and approves another (it
// joins the public gallery), hides a post that three people reported (others see it hidden),
// and adds a banned word (the next post with it is refused next to the composer); anyone else
// opening /moderation is told why. Axe runs on each moderation page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, apiSession, logInAs, shot } from '../pages/app.js';
import { TopicPage } from '../pages/topics.js';

const MODERATOR = '13800000005';
// Small real videos (2 s), made with ffmpeg at test time: the first submission and a new one.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-mod-'));
const video = path.join(dir, '审核样片.mp4');
const newVideo = path.join(dir, '补光版.mp4');
test.beforeAll(() => {
  for (const [source, file] of [['testsrc2', video], ['smptebars', newVideo]]) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `${source}=size=320x568:rate=15`, '-t', '2',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', file]);
  }
});
async function submitEntry(page, phone, title) {
  await logInAs(page, phone, '/challenge/submit', { clearStorage: true });
  await page.getByLabel('作品标题').fill(title);
  await page.getByLabel('参赛者年龄（周岁）').fill('30');
  await expect(page.getByLabel('参赛组别')).toHaveValue('adults');
  await page.getByLabel('选择或拍摄视频').setInputFiles(video);
  await expect(page.getByTestId('video-preview')).toBeVisible();
  await page.getByRole('button', { name: '上传并提交' }).click();
  await expect(page.getByTestId('submitted')).toContainText('投稿成功');
}

/** A session for `phone` through the API, for setting the scene. */
async function apiLogin(request, phone) {
  const session = await apiSession(request, phone);
  return { Authorization: `Bearer ${session.token}` };
}

/** Files an entry through the API (a tus upload of `file`, then the entry); returns it. */
async function apiEntry(request, who, title, file = video) {
  const bytes = fs.readFileSync(file);
  const tus = { 'Tus-Resumable': '1.0.0' };
  const created = await request.post('/api/v1/uploads', { headers: { ...who, ...tus, 'Upload-Length': String(bytes.length) } });
  expect(created.status()).toBe(201);
  const location = created.headers().location;
  const patched = await request.patch(location, {
    headers: { ...who, ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    data: bytes,
  });
  expect(patched.status()).toBe(204);
  const entry = await request.post('/api/v1/challenges/ch_2021/entries', {
    data: { upload_id: location.split('/').pop(), title, description: '', category_id: 'adults', age: 30 },
    headers: { ...who, 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(entry.status()).toBe(201);
  return entry.json();
}

/** A moderator's decision on an entry through the API. */
async function apiDecide(request, moderator, id, decision) {
  const data = decision === 'approve' ? { decision } : { decision, reason: 'quality' };
  const r = await request.post(`/api/v1/moderation/entries/${id}/decision`, {
    data, headers: { ...moderator, 'Idempotency-Key': `mod-decide-${id}-${decision}` },
  });
  expect(r.ok()).toBeTruthy();
}

/** A post in `topicId` by `phone`, reported by each of `reporters` (for `reasons`, else spam). */
async function reportedPost(request, topicId, phone, text, reporters, reasons = []) {
  const author = await apiLogin(request, phone);
  const created = await request.post(`/api/v1/topics/${topicId}/posts`, {
    data: { text }, headers: { ...author, 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(created.status()).toBe(201);
  const post = await created.json();
  for (const [i, reporter] of reporters.entries()) {
    const who = await apiLogin(request, reporter);
    const r = await request.post(`/api/v1/posts/${post.id}/reports`, {
      data: { reason: reasons[i] ?? 'spam' }, headers: { ...who, 'Idempotency-Key': `mod-report-${post.id}-${i}` },
    });
    expect(r.ok()).toBeTruthy();
  }
}

test('a rejected entry tells its entrant why; an approved one joins the gallery', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  const rejected = `退回样片 ${stamp}`;
  const approved = `通过样片 ${stamp}`;
  await submitEntry(page, '13800138301', rejected);
  await submitEntry(page, '13800138302', approved);

  await logInAs(page, MODERATOR, '/moderation/entries', { clearStorage: true });
  const app = new AppPage(page);
  const item = page.getByTestId('mod-entry').filter({ hasText: rejected });
  await expect(item).toBeVisible();
  await expect(item.locator('video')).toHaveAttribute('preload', 'none');
  await expect(item).toContainText('138****8301');
  await item.click();
  await item.getByLabel('退回原因').selectOption('other');
  await item.getByRole('button', { name: '退回' }).click();
  await expect(page.locator('#mod-note-error')).toHaveText('选择“其他”时请写明原因');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await item.getByLabel(/说明/).fill('画面中出现了他人的手机号码');
  await item.getByRole('button', { name: '退回' }).click();
  await expect(item).toHaveCount(0);

  // The next one (submitted later) comes into hand; A approves it from the keyboard.
  const other = page.getByTestId('mod-entry').filter({ hasText: approved });
  await expect(other).toHaveClass(/mod-item--current/);
  await expect(other.getByRole('button', { name: '通过' })).toBeVisible();
  await page.keyboard.press('a');
  await expect(other).toHaveCount(0);

  // The entrant reads why on /me.
  await logInAs(page, '13800138301', '/me', { clearStorage: true });
  const mine = page.getByTestId('my-entries').getByRole('link', { name: new RegExp(rejected) });
  await expect(mine.getByTestId('entry-status')).toHaveText('未通过');
  await expect(mine).toContainText('画面中出现了他人的手机号码');
  // …and may withdraw it from its page, where the reason shows too.
  await mine.click();
  await expect(page.getByTestId('entry-rejection')).toContainText('画面中出现了他人的手机号码');
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('withdraw').click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('my-entries').getByRole('link', { name: new RegExp(rejected) })).toHaveCount(0);

  // The approved one is in the public gallery.
  await app.goto('/challenge');
  await expect(page.getByTestId('entries').getByText(approved)).toBeVisible();
});

test('a post reported by three people is held, first in the queue, and hidden for good', async ({ page, request }) => {
  test.setTimeout(90_000);
  const topic = new TopicPage(page);
  const topicPath = await topic.openTopicWithPoll();
  const topicId = topicPath.split('/').pop();
  const text = `喝醋能预防感冒 ${Date.now()}`;
  await reportedPost(request, topicId, '13800138311', text, ['13800138312', '13800138313', '13800138314'],
    ['spam', 'false_info', 'false_info']);

  await logInAs(page, MODERATOR, '/moderation/reports', { clearStorage: true });
  const first = page.getByTestId('mod-report').first();
  await expect(first.getByTestId('reported-text')).toHaveText(text);
  await expect(first.getByTestId('report-status')).toHaveText('已自动隐藏待审');
  await expect(first.getByTestId('report-counts')).toContainText('3 人举报');
  await expect(first).toContainText('不实信息 × 2');
  const app = new AppPage(page);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  // Mute the author for 3 days (from the server's clock: 9月13日 10:00 when the run began, running
  // on since, so the minutes depend on how long the suite has run).
  await first.getByText('禁言作者').click();
  await first.getByLabel('禁言天数（1–30）').fill('3');
  await first.getByLabel('禁言原因').fill('反复发布不实信息');
  await first.getByRole('button', { name: '禁言', exact: true }).click();
  await expect(first.getByRole('status')).toHaveText(/^已禁言至 9月16日 1\d:\d\d（北京时间）$/);
  await first.getByRole('button', { name: '隐藏' }).click();
  await expect(first.getByText('请写明隐藏原因（作者可见）')).toBeVisible();
  await first.getByLabel('隐藏原因（作者可见）').fill('含不实防疫信息');
  await first.getByRole('button', { name: '隐藏' }).click();
  await expect(page.getByTestId('mod-report').filter({ hasText: text })).toHaveCount(0);

  // Someone else sees it hidden; its author still sees it, with the reason.
  await logInAs(page, '13800138315', topicPath, { clearStorage: true });
  await expect(topic.posts.filter({ hasText: '该内容已被隐藏' }).first()).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);
  await logInAs(page, '13800138311', topicPath, { clearStorage: true });
  const own = topic.posts.filter({ hasText: text });
  await expect(own).toContainText('含不实防疫信息');
  // The muted author's composer says until when, in China time.
  await expect(page.getByTestId('composer-muted')).toHaveText(/^你已被禁言，9月16日 1\d:\d\d（北京时间）后可再发言$/);
});

test('a banned word refuses the next post with it, next to the composer', async ({ page }) => {
  const word = `代刷${Date.now() % 100000}`;
  await logInAs(page, MODERATOR, '/moderation/words', { clearStorage: true });
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.locator('#word-word-error')).toHaveText('请填写敏感词');
  await page.getByLabel('敏感词', { exact: true }).fill(word);
  await page.getByLabel('分类').fill('诈骗');
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.getByTestId('word-group').filter({ hasText: word })).toBeVisible();
  const app = new AppPage(page);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await app.goto('/moderation');
  await expect(page.getByTestId('entries-waiting')).toBeVisible();
  await app.expectAccessible();

  const topic = new TopicPage(page);
  const topicPath = await topic.openTopicWithPoll();
  await logInAs(page, '13800138321', topicPath, { clearStorage: true });
  await topic.post(`快来找我${word}，一单十元`);
  await expect(topic.composerError).not.toBeEmpty();
  await expect(topic.posts.filter({ hasText: word })).toHaveCount(0);
});

test('/moderation tells anyone else why, and a visitor how to log in', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/moderation/reports');
  const refused = page.getByTestId('moderation-refused');
  await expect(refused).toContainText('请先登录审核员账号');
  await expect(refused.getByRole('link', { name: '登录' })).toHaveAttribute('href', '/login?next=%2Fmoderation%2Freports');
  await logInAs(page, '13800138331', '/moderation', { clearStorage: true });
  await expect(refused).toContainText('你没有内容审核权限');
  await app.expectAccessible();
  // Nor does /me offer the way in.
  await app.goto('/me');
  await expect(page.getByRole('link', { name: '内容审核' })).toHaveCount(0);
  await logInAs(page, MODERATOR, '/me', { clearStorage: true });
  await page.getByRole('link', { name: '内容审核' }).click();
  await expect(page).toHaveURL(/\/moderation$/);
  await expect(page.getByTestId('entries-waiting')).toBeVisible();
  // The section's own links go from page to page.
  await page.getByRole('navigation', { name: '内容审核' }).getByRole('link', { name: '举报' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('举报处理');
  await page.getByRole('navigation', { name: '内容审核' }).getByRole('link', { name: '敏感词' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('敏感词');
  await expect(page.getByRole('link', { name: '敏感词' })).toHaveAttribute('aria-current', 'page');
});

test('an entry another moderator holds says so, and deciding it anyway moves on with a clear message', async ({ page, request }) => {
  test.setTimeout(90_000);
  const title = `他人在审 ${Date.now() % 100000}`;
  await submitEntry(page, '13800138341', title);
  // The admin (who moderates too) claims it first.
  const admin = await apiLogin(request, '13800000004');
  const queue = await (await request.get('/api/v1/moderation/entries?limit=50', { headers: admin })).json();
  const entry = queue.items.find((e) => e.title === title);
  expect((await request.post('/api/v1/moderation/claims', { data: { kind: 'entry', id: entry.id }, headers: admin })).ok()).toBeTruthy();

  await logInAs(page, MODERATOR, '/moderation/entries', { clearStorage: true });
  const item = page.getByTestId('mod-entry').filter({ hasText: title });
  await expect(item.getByTestId('claimed-by-other')).toHaveText('他人正在审核');
  await item.click();
  await item.getByRole('button', { name: '通过' }).click();
  await expect(page.getByTestId('mod-notice')).toHaveText('他人正在审核这一条，已跳到下一条');
  await expect(item).toHaveCount(0);
  // J / K walk the queue, whatever is left in it (even nothing), without a crash.
  await page.locator('h1').click();
  for (const key of ['j', 'j', 'k', 'k', 'k']) await page.keyboard.press(key);
  await expect(page.locator('#panic-banner')).toBeHidden();
});

test('a rejected entrant re-submits with a new video; it is reviewed again and joins the gallery', async ({ page, request }) => {
  test.setTimeout(120_000);
  const phone = '13800138351';
  const title = `重交样片 ${Date.now() % 100000}`;
  const fixed = `${title}（补光版）`;
  const moderator = await apiLogin(request, MODERATOR);
  const first = await apiEntry(request, await apiLogin(request, phone), title);
  await apiDecide(request, moderator, first.id, 'reject');

  // From 我的作品 to the form on the entry's page.
  await logInAs(page, phone, '/me', { clearStorage: true });
  const app = new AppPage(page);
  const mine = page.getByTestId('my-entries').getByRole('listitem').filter({ hasText: title });
  await expect(mine.getByTestId('entry-status')).toHaveText('未通过');
  await app.expectAccessible();
  await shot(page, 'me-rejected');
  await mine.getByRole('link', { name: '重新提交' }).click();
  await expect(page).toHaveURL(new RegExp(`/challenge/entries/${first.id}\\?resubmit=1$`));
  await expect(page.getByTestId('resubmit')).toBeVisible();
  // The entry's own page offers the same, next to 撤回 and the reason.
  await app.goto(`/challenge/entries/${first.id}`);
  await expect(page.getByTestId('entry-rejection')).toContainText('质量不达标');
  await expect(page.getByTestId('withdraw')).toBeVisible();
  await expect(page.getByTestId('resubmit')).toHaveCount(0);
  await app.expectAccessible();
  await shot(page, 'entry-rejected');
  await page.getByTestId('resubmit-open').click();
  await expect(page).toHaveURL(new RegExp(`/challenge/entries/${first.id}\\?resubmit=1$`));
  const form = page.getByTestId('resubmit');
  await expect(form.getByLabel('作品标题')).toHaveValue(title);
  // Nothing chosen and the title emptied: each field says what is wrong.
  await form.getByLabel('作品标题').fill('');
  await form.getByRole('button', { name: '上传并重新提交' }).click();
  await expect(page.locator('#video-error')).toHaveText('请先选择视频');
  await expect(page.locator('#title-error')).toHaveText('请填写作品标题');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await shot(page, 'resubmit-errors');
  // What was typed survives a reload (the form stays open).
  await form.getByLabel('作品标题').fill(fixed);
  await form.getByLabel('作品简介（选填）').fill('加了补光灯，画面更清楚');
  await page.reload();
  await expect(page.getByTestId('resubmit').getByLabel('作品标题')).toHaveValue(fixed);
  await expect(page.getByTestId('resubmit').getByLabel('作品简介（选填）')).toHaveValue('加了补光灯，画面更清楚');

  await form.getByLabel('选择或拍摄视频').setInputFiles(newVideo);
  await expect(form.getByTestId('video-preview')).toBeVisible();
  await app.expectAccessible();
  await shot(page, 'resubmit-picked');
  await form.getByRole('button', { name: '上传并重新提交' }).click();
  // Back to 待审核 with the new title, the reason gone.
  await expect(page).toHaveURL(new RegExp(`/challenge/entries/${first.id}$`));
  await expect(page.getByTestId('entry-title')).toHaveText(fixed);
  await expect(page.getByTestId('entry-status')).toHaveText('审核中');
  await expect(page.getByTestId('entry-rejection')).toHaveCount(0);
  await expect(page.getByTestId('resubmit-open')).toHaveCount(0);
  await app.expectAccessible();
  await shot(page, 'resubmitted');
  const now = await (await request.get(`/api/v1/entries/${first.id}`, { headers: await apiLogin(request, phone) })).json();
  expect(now.playback_url).not.toBe(first.playback_url);

  // In the moderator's queue again; approved, it is in the gallery.
  await logInAs(page, MODERATOR, '/moderation/entries', { clearStorage: true });
  const item = page.getByTestId('mod-entry').filter({ hasText: fixed });
  await expect(item).toContainText('加了补光灯');
  await item.click();
  await item.getByRole('button', { name: '通过' }).click();
  await expect(item).toHaveCount(0);
  await app.goto('/challenge');
  await expect(page.getByTestId('entries').getByText(fixed)).toBeVisible();
});

test('恢复 shows a held post to everyone again; 驳回举报 takes a post off the queue and leaves it up', async ({ page, request }) => {
  test.setTimeout(90_000);
  const topic = new TopicPage(page);
  const topicPath = await topic.openTopicWithPoll();
  const topicId = topicPath.split('/').pop();
  const stamp = Date.now();
  const held = `被误举报的科普帖 ${stamp}`;
  const reported = `只有一人举报的帖子 ${stamp}`;
  await reportedPost(request, topicId, '13800138361', held, ['13800138362', '13800138363', '13800138364']);
  await reportedPost(request, topicId, '13800138365', reported, ['13800138366']);

  // Held: others see it hidden until a moderator restores it.
  await logInAs(page, '13800138367', topicPath, { clearStorage: true });
  await expect(page.getByText(held)).toHaveCount(0);

  await logInAs(page, MODERATOR, '/moderation/reports', { clearStorage: true });
  const app = new AppPage(page);
  const heldItem = page.getByTestId('mod-report').filter({ hasText: held });
  await expect(heldItem.getByTestId('report-status')).toHaveText('已自动隐藏待审');
  const count = page.getByTestId('queue-count');
  const before = Number((await count.textContent()).match(/待处理 (\d+) 条/)[1]);
  await heldItem.scrollIntoViewIfNeeded();
  await shot(page, 'reports', false);
  await heldItem.getByRole('button', { name: '恢复' }).click();
  await expect(heldItem).toHaveCount(0);
  await expect(count).toContainText(`待处理 ${before - 1} 条`);
  const reportedItem = page.getByTestId('mod-report').filter({ hasText: reported });
  await expect(reportedItem.getByTestId('report-counts')).toContainText('1 人举报');
  await reportedItem.getByRole('button', { name: '驳回举报' }).click();
  await expect(reportedItem).toHaveCount(0);
  await expect(count).toContainText(`待处理 ${before - 2} 条`);
  await app.expectAccessible();
  // Neither comes back with the queue read again.
  await page.reload();
  await expect(page.getByTestId('mod-report').first().or(page.getByTestId('queue-empty'))).toBeVisible();
  await expect(page.getByTestId('mod-report').filter({ hasText: held })).toHaveCount(0);
  await expect(page.getByTestId('mod-report').filter({ hasText: reported })).toHaveCount(0);

  // Everyone sees both.
  await logInAs(page, '13800138367', topicPath, { clearStorage: true });
  await expect(topic.posts.filter({ hasText: held })).toBeVisible();
  await expect(topic.posts.filter({ hasText: reported })).toBeVisible();
});

test('removing a banned word lets a post with it through', async ({ page, request }) => {
  const word = `秒杀${Date.now() % 100000}`;
  const moderator = await apiLogin(request, MODERATOR);
  const added = await request.post('/api/v1/moderation/words', {
    data: { word, category: '广告' }, headers: { ...moderator, 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(added.status()).toBe(201);
  const topic = new TopicPage(page);
  const topicPath = await topic.openTopicWithPoll();
  await logInAs(page, '13800138371', topicPath, { clearStorage: true });
  await topic.post(`今晚${word}望远镜`);
  await expect(topic.composerError).not.toBeEmpty();

  await logInAs(page, MODERATOR, '/moderation/words', { clearStorage: true });
  await page.getByRole('button', { name: `删除「${word}」` }).click();
  await expect(page.getByRole('button', { name: `删除「${word}」` })).toHaveCount(0);
  await new AppPage(page).expectAccessible();

  await logInAs(page, '13800138372', topicPath, { clearStorage: true });
  await topic.post(`今晚${word}望远镜`);
  await expect(topic.posts.filter({ hasText: `今晚${word}望远镜` })).toBeVisible();
  await expect(topic.composerError).toBeEmpty();
});

test('a queue longer than a page loads the rest by its cursor; the total and J / K follow', async ({ page, request }) => {
  test.setTimeout(180_000);
  const moderator = await apiLogin(request, MODERATOR);
  const entrant = await apiLogin(request, '13800138381');
  const stamp = Date.now() % 100000;
  const seeded = [];
  try {
    // Enough waiting entries for more than one page of 50, whatever else waits.
    for (let i = 0; i < 52; i += 1) seeded.push(await apiEntry(request, entrant, `排队 ${stamp}-${i}`));
    const all = await (await request.get('/api/v1/moderation/entries?limit=50', { headers: moderator })).json();
    expect(all.total).toBeGreaterThan(50);
    expect(all.next_cursor).not.toBeNull();

    await logInAs(page, MODERATOR, '/moderation/entries', { clearStorage: true });
    const app = new AppPage(page);
    const items = page.getByTestId('mod-entry');
    const count = page.getByTestId('queue-count');
    await expect(count).toHaveText(`待审 ${all.total} 条 · 最早提交的在前`);
    await expect(items).toHaveCount(50);
    await app.expectAccessible();
    await shot(page, 'queue-top', false);
    // At the last loaded item (its footer in view, or J pressed past it) the next page comes,
    // and J walks on into it.
    await items.nth(49).focus();
    await expect(items.nth(49)).toHaveClass(/mod-item--current/);
    await page.keyboard.press('j');
    await expect(items).toHaveCount(Math.min(all.total, 100));
    await items.nth(49).focus();
    await page.keyboard.press('j');
    await expect(items.nth(50)).toHaveClass(/mod-item--current/);
    await expect(items.nth(50)).toBeFocused();
    // Deciding one moves on, and the total drops without reading the queue again.
    const decided = await items.nth(50).getByTestId('mod-entry-title').textContent();
    let reads = 0;
    page.on('request', (r) => { if (r.url().includes('/api/v1/moderation/entries?')) reads += 1; });
    await page.keyboard.press('a');
    await expect(items.filter({ hasText: decided })).toHaveCount(0);
    await expect(count).toHaveText(`待审 ${all.total - 1} 条 · 最早提交的在前`);
    await expect(items.nth(50)).toHaveClass(/mod-item--current/);
    expect(reads).toBe(0);
    await page.getByText(/没有更多了|加载更多/).scrollIntoViewIfNeeded();
    await shot(page, 'queue-end', false);
    await app.expectNoHorizontalScroll();
    await app.expectAccessible();
  } finally {
    // Leave the queue as it was for the other tests.
    for (const e of seeded) {
      await request.post(`/api/v1/moderation/entries/${e.id}/decision`, {
        data: { decision: 'reject', reason: 'quality' }, headers: { ...moderator, 'Idempotency-Key': `mod-clean-${e.id}` },
      });
    }
  }
});
