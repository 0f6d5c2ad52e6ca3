// Offline UX (issue 19) on a phone (390×844). These tests go offline on a page that is already
// loaded (`context.setOffline`) and never reload while offline, with the service worker blocked:
// where the worker would answer from its cache, `page.route` answers instead, with the same
// `X-Kepuri-Cached-At` header the worker adds (that is what it simulates; `page.route` cannot see
// requests a worker makes). pwa.spec.js checks the real worker's copy and its label.
// What is checked: the 离线 banner (axe on that state), writes disabled with the reason, the
// stale-data label, and a post written offline: held as 待发送 on the device, its first send's
// answer lost, sent again after a reload with the same Idempotency-Key, published exactly once.
import { test, expect } from '../fixtures.js';
import { AppPage, shot } from '../pages/app.js';
import { TopicPage } from '../pages/topics.js';

// The seed's small offline activity, open for reservations at the suite's clock.
const ACTIVITY = 'act_000072';

test.use({ serviceWorkers: 'block' });

/** Posts of the topic at `path` whose text is `text`, as the server lists them. */
async function postsWithText(request, path, text) {
  const id = path.split('/').pop();
  const res = await request.get(`/api/v1/topics/${id}/posts?sort=latest&limit=50`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).items.filter((p) => p.text === text).length;
}

test('offline: a calm banner, writes disabled with the reason, gone again online', async ({ page, context }) => {
  const app = new AppPage(page);
  await app.goto(`/activities/${ACTIVITY}`);
  const reserve = page.getByTestId('reservation-panel').getByTestId('reserve');
  await expect(reserve).toBeEnabled();
  await expect(page.getByTestId('connection')).toBeHidden();

  await context.setOffline(true);
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toHaveText('当前离线：显示的是已保存的内容');
  await expect(page.getByRole('status').filter({ has: banner })).toBeVisible();
  await expect(reserve).toBeDisabled();
  const note = page.getByTestId('reservation-panel').getByTestId('offline-note');
  await expect(note).toBeVisible();
  await expect(note).toHaveText('离线中，联网后才能提交');
  // In the flow: it covers neither the page nor the tab bar.
  const box = await banner.boundingBox();
  const main = await page.locator('main#main').boundingBox();
  expect(box.y + box.height).toBeLessThanOrEqual(main.y + 1);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await shot(page, 'offline-01-banner', false);

  // A topic: likes and the vote wait for the network too.
  const topic = new TopicPage(page);
  await context.setOffline(false);
  await expect(banner).toBeHidden();
  await expect(reserve).toBeEnabled();
  await topic.openTopicWithPoll();
  await expect(topic.posts.first()).toBeVisible();
  await context.setOffline(true);
  await expect(banner).toBeVisible();
  const like = topic.posts.first().getByTestId('post-like');
  await expect(like).toBeDisabled();
  await expect(topic.posts.first().getByTestId('offline-note')).toBeVisible();
  await expect(topic.posts.first().getByTestId('offline-note')).toHaveText('离线中，联网后可点赞');
  await app.expectAccessible();
  await context.setOffline(false);
  await expect(banner).toBeHidden();
  await expect(like).toBeEnabled();
  await expect(topic.posts.first().getByTestId('offline-note')).toBeHidden();
});

test('data the service worker answers from its cache is labelled with when it was stored', async ({ page }) => {
  const topic = new TopicPage(page);
  // As the service worker does offline: the stored answer, marked with when it was stored.
  await page.route(/\/api\/v1\/topics\/[^/?]+$/, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'x-kepuri-cached-at': '2021-09-13T02:02:00.000Z' } });
  });
  await topic.openTopicWithPoll();
  await expect(page.getByTestId('stale-label')).toHaveText('离线数据 · 更新于 9月13日 10:02');
  await topic.expectAccessible();
  await shot(page, 'offline-02-stale', false);

  // Another page, answered by the server: no label.
  await page.getByRole('link', { name: '话题' }).first().click();
  await expect(page).toHaveURL(/\/topics$/);
  await expect(page.getByTestId('topics')).toBeVisible();
  await expect(page.getByTestId('stale-label')).toBeHidden();
});

test('a post written offline waits as 待发送 and is published once, with its key, when back online', async ({ page, context, request }) => {
  test.setTimeout(60_000);
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138191');
  const text = `在山里没信号时写的 ${Date.now()}`;

  await context.setOffline(true);
  await topic.composer.fill(text);
  const send = page.getByTestId('composer-send');
  await expect(send).toHaveText('联网后发送');
  await expect(page.getByTestId('composer').getByTestId('offline-note')).toBeVisible();
  await expect(page.getByTestId('composer').getByTestId('offline-note')).toContainText('联网后自动发送');
  await send.click();
  const held = page.getByTestId('held-post');
  await expect(held).toContainText('待发送');
  await expect(held).toContainText(text);
  await expect(topic.composer).toHaveValue('');
  await expect(send).toBeDisabled();
  await topic.expectAccessible();
  await shot(page, 'offline-03-held', false);
  // Kept on the device with the Idempotency-Key made for it.
  const topicId = path.split('/').pop();
  const record = await page.evaluate((k) => localStorage.getItem(k), `kepuri.intent.held.post.${topicId}`);
  expect(record).toContain(text);

  // Back online: it is sent, the server publishes it, but the answer is lost on the way back.
  let sentKeys = [];
  await page.route(/\/api\/v1\/topics\/[^/]+\/posts$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sentKeys.push(route.request().headers()['idempotency-key']);
    await route.fetch();
    await route.abort('connectionreset');
  });
  await context.setOffline(false);
  await expect.poll(() => sentKeys.length).toBe(1);
  await expect.poll(() => postsWithText(request, path, text)).toBe(1);
  // Still held: the page never heard the server took it.
  await expect(held).toContainText(text);
  await page.unroute(/\/api\/v1\/topics\/[^/]+\/posts$/);

  // A reload sends it again with the same key: the server replays, nothing is published twice.
  const keys = [];
  page.on('request', (r) => r.method() === 'POST' && /\/posts$/.test(new URL(r.url()).pathname)
    && keys.push(r.headers()['idempotency-key']));
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: '离线时写的帖子已发布' })).toBeVisible();
  await expect(held).toHaveCount(0);
  expect(keys).toEqual(sentKeys);
  await expect(topic.posts.filter({ hasText: text })).toHaveCount(1);
  expect(await page.evaluate((k) => localStorage.getItem(k), `kepuri.intent.held.post.${topicId}`)).toBeNull();

  // Another online event (or reload) sends nothing more.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.reload();
  await expect(topic.posts.filter({ hasText: text })).toHaveCount(1);
  expect(keys).toHaveLength(1);
  expect(await postsWithText(request, path, text)).toBe(1);
});
