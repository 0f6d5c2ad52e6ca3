// Finishing what the visitor started and recovering from errors (issue 20): a like, a post or a
// reservation tapped before logging in is done after it; a removed thing says so with a way back; a list
// that failed offline comes back by itself when the browser is online again.
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, shot } from '../pages/app.js';
import { TopicPage } from '../pages/topics.js';

test('a post like and a post started before logging in are done after it, each with a toast', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  const first = topic.posts.first();
  await expect(first).toBeVisible();
  const postText = await first.getByTestId('post-text').textContent();
  const before = Number(await first.getByTestId('post-like-count').textContent());
  await first.getByTestId('post-like').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn('13800138301');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole('status')).toContainText('刚才的点赞已完成');
  const liked = topic.posts.filter({ hasText: postText.slice(0, 12) }).first();
  await expect(liked.getByTestId('post-like')).toHaveAttribute('aria-pressed', 'true');
  await expect(liked.getByTestId('post-like-count')).toHaveText(String(before + 1));
  await page.reload();
  await expect(liked.getByTestId('post-like-count')).toHaveText(String(before + 1));

  // Logged out again: write, 登录并发布, and the post is published on the way back.
  await page.evaluate(() => localStorage.removeItem('kepuri.session'));
  await page.reload();
  const text = `登录前写好的帖子 ${Date.now()}`;
  await topic.composer.fill(text);
  await topic.expectAccessible();
  await page.getByRole('button', { name: '登录并发布' }).click();
  await new LoginPage(page).logIn('13800138302');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole('status')).toContainText('刚才的帖子已发布');
  await expect(topic.posts.first().getByTestId('post-text')).toHaveText(text);
  await topic.expectAccessible();
  await page.reload();
  await expect(topic.posts.filter({ hasText: text })).toHaveCount(1);
});

test('a reservation asked for before logging in is sent after it, once, as chosen, with a toast', async ({ page, request }) => {
  // A catalogue activity open for reservations at the suite's clock with places for two (not
  // the dev unit's small one, which reservations.spec.js fills).
  let id;
  for (let n = 100; n < 200 && !id; n += 1) {
    const candidate = `act_${String(n).padStart(6, '0')}`;
    const res = await request.get(`/api/v1/activities/${candidate}/availability`);
    if (!res.ok()) continue;
    const r = (await res.json()).registration;
    if (r?.state === 'open' && r.remaining >= 2) id = candidate;
  }
  expect(id).toBeTruthy();
  const path = `/activities/${id}`;
  const app = new AppPage(page);
  await app.goto(path);
  const panel = page.getByTestId('reservation-panel');
  await expect(panel.getByTestId('reserve')).toHaveText('登录并预约');
  await panel.getByRole('radio', { name: '2 人' }).check();
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'flow-reserve-visitor', false);
  await app.expectAccessible();
  await app.expectNoHorizontalScroll();
  await panel.getByTestId('reserve').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn('13800138305');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByTestId('toast')).toHaveText('已登录，刚才的预约已提交');
  const mine = panel.getByTestId('my-reservation');
  await expect(mine).toContainText('预约成功');
  await expect(mine).toContainText('已为 2 人 保留名额');
  await shot(page, 'flow-reserve-done', false);
  await app.expectAccessible();
  await app.expectNoHorizontalScroll();
  // Done once: a reload shows the one reservation and sends nothing again.
  await page.reload();
  await expect(mine).toContainText('你已预约 · 2 人');
  await expect(panel.getByTestId('reserve-error')).toHaveCount(0);
  await app.goto('/me');
  await expect(page.getByTestId('reservations-upcoming').getByTestId('reservation')).toHaveCount(1);
});

test('an entry liked before logging in is liked after it', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/challenge');
  await page.getByTestId('entries').getByRole('listitem').first().getByRole('link').click();
  await expect(page.getByTestId('entry-title')).toBeVisible();
  const path = new URL(page.url()).pathname;
  const like = page.getByTestId('like-button');
  const before = Number(await like.getByTestId('like-count').textContent());
  await like.click();
  await new LoginPage(page).logIn('13800138303');
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole('status')).toContainText('刚才的点赞已完成');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect(like.getByTestId('like-count')).toHaveText(String(before + 1));
});

test('a removed activity says so with a way back instead of 重试', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/activities/act_does_not_exist');
  const missing = page.getByTestId('not-found-view');
  await expect(missing).toContainText('该活动不存在或已下线');
  await expect(missing.getByRole('button', { name: '重试' })).toHaveCount(0);
  await app.expectAccessible();
  await app.expectNoHorizontalScroll();
  await missing.getByRole('link', { name: '返回列表' }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(page.getByTestId('results').getByRole('listitem').first()).toBeVisible();
});

test('offline, the list and the filter bar fail in one error box; back online they load by themselves', async ({ page, context }) => {
  const app = new AppPage(page);
  // The section's code is loaded once online; then the connection drops.
  await app.goto('/activities');
  await expect(page.getByTestId('results').getByRole('listitem').first()).toBeVisible();
  await app.tabBar.getByRole('link', { name: '话题' }).click();
  await expect(page).toHaveURL(/\/topics$/);
  await context.setOffline(true);
  await app.tabBar.getByRole('link', { name: '活动' }).click();
  // The filter bar's lists failed: one line, not a second error box.
  await expect(page.getByTestId('inline-error')).toBeVisible();
  await expect(page.getByTestId('error-view')).toHaveCount(0);
  // Another day: the list fails too, in the one error box.
  await page.getByRole('button', { name: '9月14日 周二' }).click();
  await expect(page.getByTestId('error-view')).toHaveCount(1);
  await expect(page.getByTestId('inline-error')).toHaveCount(1);
  await app.expectAccessible();
  await context.setOffline(false);
  await expect(page.getByTestId('results').getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^主题：/ })).toBeVisible();
  await expect(page.getByTestId('error-view')).toHaveCount(0);
  await expect(page.getByTestId('inline-error')).toHaveCount(0);
});

test('a login without a valid phone focuses the phone field', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/login');
  await new LoginPage(page).submit.click();
  await expect(page.getByLabel('手机号')).toBeFocused();
});

test('a hashtag in a post opens the topic filtered by it', async ({ page }) => {
  const topic = new TopicPage(page);
  const path = await topic.openTopicWithPoll();
  await topic.logInAndReturn(path, '13800138304');
  const tag = `实验${Date.now() % 1000000}`;
  await topic.post(`今天做了小实验 #${tag}#`);
  const link = topic.posts.first().getByRole('link', { name: `#${tag}#` });
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${path}\\?tag=`));
  await expect(page.getByTestId('tag-filter')).toContainText(`#${tag}#`);
  await expect(topic.posts).toHaveCount(1);
  await expect(topic.posts.first()).toContainText(`#${tag}#`);
  await topic.expectAccessible();
  await page.getByTestId('tag-filter').getByRole('link', { name: '查看全部' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(topic.posts.nth(1)).toBeVisible();
});
