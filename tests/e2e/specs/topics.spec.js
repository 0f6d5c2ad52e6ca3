// 话题互动: post, like, vote, the draft kept across reload, and user text that never runs.
import zlib from 'node:zlib';
import { test, expect } from '../fixtures.js';
import { TopicPage } from '../pages/topics.js';
import { LoginPage, apiSession } from '../pages/app.js';

test('post, see it on top, like it; the draft survives a reload and errors sit by the field', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.expectNoHorizontalScroll();
  await topic.expectAccessible();
  await topic.logInAndReturn(path, '13800138101');

  // Empty → a message next to the field, nothing sent.
  await topic.publish.click();
  await expect(topic.composerError).toHaveText('请先写点内容');

  // A draft is kept across a reload.
  const text = `今天和孩子用柠檬做了水果电池 🍋\n#点亮好奇心# ${Date.now()}`;
  await topic.composer.fill(text);
  await expect(page.locator('#composer-count')).toHaveText(`${[...text.trim()].length}/500`);
  await page.reload();
  await expect(topic.composer).toHaveValue(text);

  await topic.publish.click();
  const mine = topic.posts.first();
  await expect(mine.getByTestId('post-text')).toHaveText(text.replace('\n', ''));
  await expect(mine.locator('.hashtag')).toHaveText('#点亮好奇心#');
  await expect(mine.locator('br')).toHaveCount(1);
  await expect(mine.locator('time')).toHaveText('刚刚');
  await expect(topic.composer).toHaveValue('');

  await mine.getByTestId('post-like').click();
  await expect(mine.getByTestId('post-like')).toHaveAttribute('aria-pressed', 'true');
  await expect(mine.getByTestId('post-like-count')).toHaveText('1');
  await page.reload();
  const again = topic.posts.filter({ hasText: text.split('\n')[0] });
  await expect(again.getByTestId('post-like-count')).toHaveText('1');
  await expect(again.getByTestId('post-like')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: /有 \d+ 条新内容/ })).toHaveCount(0);
  await topic.expectAccessible();
});

test('a vote started before logging in is sent after it, then the results show as bars', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  // Anonymous: pick, then 登录并投票 goes to login and comes back with the vote done.
  const option = topic.poll.locator('.poll-option').first();
  const label = (await option.textContent()).trim();
  await option.click();
  await topic.expectAccessible();
  await topic.poll.getByRole('button', { name: '登录并投票' }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn('13800138102');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole('status')).toContainText('刚才的投票已提交');
  const results = topic.poll.getByTestId('poll-results');
  await expect(results).toBeVisible();
  await expect(results.locator('.poll-result--mine')).toContainText(label);
  await expect(results.locator('.poll-result--mine')).toContainText('我的选择');
  await expect(results.locator('.poll-result__pct').first()).toHaveText(/^\d+\.\d%$/);
  // Done once: a reload shows the stored vote and sends nothing again.
  await page.reload();
  await expect(topic.poll.getByTestId('poll-results').locator('.poll-result--mine')).toContainText(label);
  expect(await page.evaluate(() => sessionStorage.getItem('kepuri.intent'))).toBeNull();
});

test('a post made of XSS payloads shows as literal text and runs nothing', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138103');
  const payload = [
    '<script>window.__xss=1;alert(1)</script>',
    '<img src=x onerror="window.__xss=2;alert(2)">',
    '<svg onload="window.__xss=3;alert(3)"><circle r=1></svg>',
    '<a href="javascript:alert(4)">点我</a>',
    '"><iframe src="javascript:alert(5)"></iframe>',
    '<b onmouseover=alert(6)>粗体</b> #点亮好奇心#',
  ].join('\n');
  await topic.post(payload);
  const post = topic.posts.first().getByTestId('post-text');
  await expect(post).toContainText('<script>window.__xss=1;alert(1)</script>');
  await expect(post).toContainText('<svg onload="window.__xss=3;alert(3)"><circle r=1></svg>');
  await expect(post).toContainText('<a href="javascript:alert(4)">点我</a>');
  // Only our own elements: line breaks and the hashtag's link (to this topic).
  const tags = await post.evaluate((el) => [...el.querySelectorAll('*')].map((n) => n.tagName.toLowerCase()));
  expect(new Set(tags)).toEqual(new Set(['br', 'a']));
  expect(await post.locator('a').getAttribute('href')).toMatch(new RegExp(`^${path}(\\?tag=.+)?$`));
  await post.hover();
  await page.reload();
  await expect(topic.posts.first().getByTestId('post-text')).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('main script, main iframe, main svg circle, main img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('new posts from others show a banner; reports take a reason; only my posts can be deleted', async ({ page, request }) => {
  await page.clock.install();
  await page.clock.resume();
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138104');
  await expect(topic.posts.first()).toBeVisible();

  // Someone else posts through the API; within one polling round the page offers it.
  const phone = '13800138105';
  const session = await apiSession(request, phone);
  const topicId = path.split('/').pop();
  const other = `另一位网友的新帖 ${Date.now()}`;
  const created = await request.post(`/api/v1/topics/${topicId}/posts`, {
    data: { text: other },
    headers: { Authorization: `Bearer ${session.token}`, 'Idempotency-Key': `e2e-${Date.now()}` },
  });
  expect(created.status()).toBe(201);
  await page.clock.fastForward('00:21');
  const banner = page.getByRole('button', { name: '有 1 条新内容' });
  await expect(banner).toBeVisible();
  await banner.click();
  await expect(topic.posts.first().getByTestId('post-text')).toHaveText(other);
  await expect(banner).toHaveCount(0);
  // Not mine: no delete button. Report it with a reason.
  const theirs = topic.posts.first();
  await expect(theirs.getByRole('button', { name: '删除' })).toHaveCount(0);
  await theirs.getByRole('button', { name: '举报' }).click();
  const sheet = page.getByRole('dialog', { name: '举报这条内容' });
  await sheet.getByRole('button', { name: '提交举报' }).click();
  await expect(sheet.getByRole('alert')).toHaveText('请先选择一项');
  await sheet.getByLabel('垃圾广告').check();
  await sheet.getByRole('button', { name: '提交举报' }).click();
  await expect(sheet).toBeHidden();
  await expect(page.getByRole('status')).toContainText('已收到举报');

  // Mine: deleted after confirming, and gone after a reload.
  const mineText = `我要删掉的帖子 ${Date.now()}`;
  await topic.post(mineText);
  const mine = topic.posts.filter({ hasText: mineText });
  await expect(mine).toHaveCount(1);
  page.once('dialog', (d) => d.accept());
  await mine.getByRole('button', { name: '删除' }).click();
  await expect(mine).toHaveCount(0);
  await page.reload();
  await expect(topic.posts.first()).toBeVisible();
  await expect(topic.posts.filter({ hasText: mineText })).toHaveCount(0);
});

test('a post can carry one image; a file that is not an image is refused next to the picker', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138106');
  const picker = page.getByLabel('添加图片');
  await picker.setInputFiles({ name: 'notes.png', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(page.locator('#image-error')).toHaveText('只能添加 JPG、PNG、WebP 或 GIF 图片，且不超过5MB');
  const png = makePng(8, 8);
  await picker.setInputFiles({ name: 'battery.png', mimeType: 'image/png', buffer: png });
  await expect(page.locator('#image-error')).toHaveText('');
  await expect(page.getByTestId('image-preview')).toBeVisible();
  const text = `水果电池实验照片 ${Date.now()}`;
  await topic.post(text);
  const mine = topic.posts.filter({ hasText: text });
  const img = mine.locator('img.post__image');
  await expect(img).toHaveAttribute('src', /\/media\//);
  await expect.poll(() => img.evaluate((el) => el.naturalWidth)).toBe(8);
  await expect(page.getByTestId('image-preview')).toHaveCount(0);
  await topic.expectAccessible();
});

test('typing with an IME: the composer takes the text when the composition ends, not during it', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138107');
  const count = page.locator('#composer-count');
  await expect(count).toHaveText(/^0\//);
  await topic.composer.focus();
  await topic.composer.dispatchEvent('compositionstart', { data: '' });
  await topic.composer.evaluate((el) => {
    el.value = 'kexue';
    el.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: 'kexue' }));
  });
  // Mid-composition the field keeps what the IME shows and nothing is taken (or written back).
  await expect(count).toHaveText(/^0\//);
  await expect(topic.composer).toHaveValue('kexue');
  await topic.composer.evaluate((el) => {
    el.value = '科学';
    el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '科学' }));
  });
  await expect(count).toHaveText(/^2\//);
  await expect(topic.composer).toHaveValue('科学');
  await topic.composer.pressSequentially('日');
  await expect(count).toHaveText(/^3\//);
});

test('a vote whose answer was lost is sent again with the same key and the server replays it', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138108');
  const keys = [];
  await page.route('**/api/v1/topics/*/poll/votes', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fetch(); // the server counts the vote, but its answer never arrives
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const option = topic.poll.locator('.poll-option').first();
  const label = (await option.textContent()).trim();
  await option.click();
  const vote = topic.poll.getByRole('button', { name: '投票' });
  await vote.click();
  await expect(topic.poll.getByRole('alert')).not.toBeEmpty();
  await vote.click();
  await expect(topic.poll.getByTestId('poll-results').locator('.poll-result--mine')).toContainText(label);
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
});

test('leaving the topic while a post image uploads neither crashes nor keeps sending', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138109');
  await page.getByLabel('添加图片').setInputFiles({ name: 'slow.png', mimeType: 'image/png', buffer: makePng(8, 8) });
  await expect(page.getByTestId('image-preview')).toBeVisible();
  const patches = [];
  await page.route('**/api/v1/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') {
      patches.push(Date.now());
      await new Promise((r) => setTimeout(r, 2000));
    }
    try { await route.continue(); } catch { /* aborted when the page was left */ }
  });
  await topic.post(`离开页面 ${Date.now()}`);
  await expect.poll(() => patches.length).toBe(1);
  await topic.tabBar.getByRole('link', { name: '直播' }).click();
  await expect(page).toHaveURL(/\/live/);
  await page.waitForTimeout(3000); // the held chunk would have finished and the post been sent
  expect(patches).toHaveLength(1);
  await expect(page.locator('#panic-banner')).toBeHidden();
  expect(errors).toEqual([]);
});

/** A real w×h grey PNG, encoded here (signature, IHDR, IDAT, IEND with their CRCs). */
function makePng(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
