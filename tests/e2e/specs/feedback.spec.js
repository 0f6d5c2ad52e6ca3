// 反馈评价 (issue 17) on a phone (390×844): a visitor picks stars and writes a comment on an
// activity that has started, taps 登录并评价, logs in and comes back with the rating sent once
// (待审核); a changed rating stays one rating; a banned word is refused next to the field with
// the typed text kept (also across a reload); a moderator's approval shows the comment publicly;
// an activity that has not started says when rating opens. axe on every state.
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, apiSession, shot } from '../pages/app.js';

const VISITOR = '13800138811';
const MODERATOR = '13800000005';

test.describe.configure({ mode: 'serial' });

/** An activity of the seed by its time status (by the server clock). */
async function activityWhere(request, status) {
  const res = await request.get(`/api/v1/activities?time_status=${status}&limit=5`);
  expect(res.ok()).toBeTruthy();
  const { items } = await res.json();
  expect(items.length).toBeGreaterThan(0);
  return items[0];
}

async function summary(request, id, token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await request.get(`/api/v1/activities/${id}/feedback`, { headers });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

const tokenOf = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.session')).token);

test('a visitor rates after logging in, changes it (still one), is told why a comment is refused; a moderator approves it', async ({ page, request }) => {
  test.setTimeout(150_000);
  const activity = await activityWhere(request, 'ongoing');
  const before = await summary(request, activity.id);
  expect(before.open).toBe(true);
  const app = new AppPage(page);
  await app.goto(`/activities/${activity.id}`);
  const section = page.getByTestId('feedback');
  await expect(section.getByRole('heading', { name: '反馈评价' })).toBeVisible();
  await expect(section.getByTestId('feedback-distribution').getByRole('listitem')).toHaveCount(5);

  // ── Logged out: the choice is made here, and kept through the login.
  const stars = section.getByRole('group', { name: '给活动打分' });
  const four = stars.getByRole('radio', { name: '4 星' });
  const box = await section.locator('.fb-star').nth(3).boundingBox();
  expect(box.width).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await section.getByTestId('feedback-submit').click();
  await expect(section.locator('#fb-stars-error')).toHaveText('请选择 1 到 5 颗星');
  await four.check();
  const comment = section.getByLabel('评价内容（选填）');
  const text = `讲解很清楚，孩子很喜欢 ${Date.now() % 100000}`;
  await comment.fill(text);
  await expect(section.getByTestId('feedback-submit')).toHaveText('登录并评价');
  await shot(page, 'feedback-01-visitor');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await section.getByTestId('feedback-submit').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn(VISITOR);
  await expect(page).toHaveURL(new RegExp(`/activities/${activity.id}$`));
  await expect(page.getByRole('status').filter({ hasText: '已提交你登录前写的评价' })).toBeVisible();
  await expect(section.getByTestId('feedback-state')).toHaveText('评价内容待审核，审核通过后公开显示。');
  await expect(section.getByRole('group', { name: '我的评分' }).getByRole('radio', { name: '4 星' })).toBeChecked();
  await expect(comment).toHaveValue(text);
  const token = await tokenOf(page);
  const rated = await summary(request, activity.id, token);
  expect(rated.count).toBe(before.count + 1);
  expect(rated.distribution[3]).toBe(before.distribution[3] + 1);
  expect(rated.mine.stars).toBe(4);
  expect(rated.mine.comment).toBe(text);
  await expect(section.getByTestId('feedback-dist-4')).toHaveText(`${rated.distribution[3]} 人`);
  await shot(page, 'feedback-02-pending');
  await app.expectAccessible();

  // ── Changed to 5 stars: still one rating of this user.
  await section.getByRole('radio', { name: '5 星' }).check();
  await section.getByTestId('feedback-submit').click();
  await expect(page.getByRole('status').filter({ hasText: '评价已提交' })).toBeVisible();
  await expect.poll(async () => (await summary(request, activity.id, token)).mine.stars).toBe(5);
  const changed = await summary(request, activity.id, token);
  expect(changed.count).toBe(before.count + 1);
  expect(changed.distribution[3]).toBe(before.distribution[3]);
  expect(changed.distribution[4]).toBe(before.distribution[4] + 1);
  await expect(section.getByTestId('feedback-dist-5')).toHaveText(`${changed.distribution[4]} 人`);

  // ── A banned word: refused next to the field, the text kept, also across a reload.
  const banned = `${text}，包过`;
  await comment.fill(banned);
  await section.getByTestId('feedback-submit').click();
  await expect(section.getByTestId('feedback-comment-error')).toContainText('违规词语「包过」');
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(comment).toHaveValue(banned);
  await shot(page, 'feedback-03-refused');
  await app.expectAccessible();
  await page.reload();
  await expect(section.getByLabel('评价内容（选填）')).toHaveValue(banned);
  expect((await summary(request, activity.id, token)).mine.comment).toBe(text);
  await section.getByLabel('评价内容（选填）').fill(text);
  await section.getByTestId('feedback-submit').click();
  await expect(page.getByRole('status').filter({ hasText: '评价已提交' })).toBeVisible();

  // ── A moderator approves it: it shows in the public list, and the author is told.
  const moderator = { Authorization: `Bearer ${(await apiSession(request, MODERATOR)).token}` };
  let item;
  for (let cursor = null, first = true; !item && (first || cursor); first = false) {
    const res = await request.get(`/api/v1/moderation/feedback?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: moderator });
    expect(res.ok()).toBeTruthy();
    const queue = await res.json();
    item = queue.items.find((f) => f.comment === text && f.activity_id === activity.id);
    cursor = queue.next_cursor;
  }
  expect(item).toBeTruthy();
  const decided = await request.post(`/api/v1/moderation/feedback/${item.id}/decision`, {
    data: { decision: 'approve' }, headers: { ...moderator, 'Idempotency-Key': `fb-approve-${item.id}` },
  });
  expect(decided.ok()).toBeTruthy();
  await page.reload();
  await expect(section.getByTestId('feedback-comments').getByText(text)).toBeVisible();
  await expect(section.getByTestId('feedback-state')).toHaveText('评价内容已公开显示。');
  await shot(page, 'feedback-04-approved');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── Deleted: gone from the figures.
  await section.getByTestId('feedback-delete').click();
  await expect(page.getByRole('status').filter({ hasText: '已删除你的评价' })).toBeVisible();
  await expect.poll(async () => (await summary(request, activity.id, token)).mine).toBe(null);
  expect((await summary(request, activity.id, token)).count).toBe(before.count);
});

test('an activity that has not started says when rating opens, without the pack', async ({ page, request }) => {
  const activity = await activityWhere(request, 'upcoming');
  const app = new AppPage(page);
  await app.goto(`/activities/${activity.id}`);
  await expect(page.getByTestId('activity-title')).toBeVisible();
  await expect(page.getByTestId('feedback-opens')).toContainText('活动开始后即可反馈评价');
  await expect(page.getByTestId('feedback')).toHaveCount(0);
  await app.expectAccessible();
});
