// 收藏 (issue 19) on a phone (390×844): a visitor's tap on a card's 收藏 goes to login and comes
// back with the activity saved exactly once; a save from the activity page; 我的收藏 lists them
// the latest saved first, each opening its activity; 已收藏 removes one there; a reload keeps
// everything as it was; a user with nothing saved sees the empty state with the way to the
// activities. axe on every page and state. (/me/saved is a plain GET list: reading it offline is
// the service worker's, asserted where that is merged.)
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, logInAs, shot } from '../pages/app.js';

const USER = '13800138701';
const NOTHING_SAVED = '13800138702';

test.describe.configure({ mode: 'serial' });

/** The caller's saved ids, from the API with the app's own session. */
async function savedIds(page) {
  const { token } = await page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.session')));
  const res = await page.request.get('/api/v1/me/saved/ids', { headers: { Authorization: `Bearer ${token}` } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).ids;
}

const idOf = async (card) => (await card.locator('a.activity-card').getAttribute('href')).split('/').pop();

test('save before logging in, from a card and from the page; 我的收藏 lists, opens and removes them', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.goto('/activities');
  const cards = page.getByTestId('results').getByRole('listitem');
  const first = cards.nth(0);
  const second = cards.nth(1);
  const firstId = await idOf(first);
  const secondId = await idOf(second);
  const firstTitle = (await first.locator('.activity-card__title').textContent()).trim();

  // ── A visitor's card: 收藏 + the title, not pressed, a real 44 px target beside the link.
  const save = first.getByTestId('save-button');
  await expect(save).toHaveAttribute('aria-pressed', 'false');
  await expect(save).toHaveAccessibleName(`收藏 ${firstTitle}`);
  const box = await save.boundingBox();
  expect(box.width).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await shot(page, 'saved-01-card', false);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── The tap goes to login and back, where the save is done once (with a toast).
  await save.click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn(USER);
  await expect(page).toHaveURL(/\/activities(\?.*)?$/);
  await expect(page.getByRole('status')).toContainText('刚才的收藏已完成');
  await expect(save).toHaveAttribute('aria-pressed', 'true');
  await expect(save).toHaveAccessibleName(`已收藏 ${firstTitle}`);
  expect(await savedIds(page)).toEqual([firstId]);
  // Done once: a reload sends nothing again and shows it saved.
  await page.reload();
  await expect(cards.nth(0).getByTestId('save-button')).toHaveAttribute('aria-pressed', 'true');
  await expect(cards.nth(1).getByTestId('save-button')).toHaveAttribute('aria-pressed', 'false');
  expect(await savedIds(page)).toEqual([firstId]);
  await app.expectAccessible();

  // ── From the activity page.
  await cards.nth(1).locator('a.activity-card').click();
  await expect(page).toHaveURL(new RegExp(`/activities/${secondId}$`));
  const pageSave = page.getByTestId('save-button');
  await expect(pageSave).toHaveAttribute('aria-pressed', 'false');
  await expect(pageSave).toContainText('收藏');
  await pageSave.click();
  await expect(pageSave).toHaveAttribute('aria-pressed', 'true');
  await expect(pageSave).toContainText('已收藏');
  await shot(page, 'saved-02-detail', false);
  await app.expectAccessible();
  await expect.poll(() => savedIds(page)).toEqual([secondId, firstId]);

  // ── 我的收藏 from /me: the latest saved first.
  await app.goto('/me');
  await page.getByTestId('my-saved-link').click();
  await expect(page).toHaveURL(/\/me\/saved$/);
  const saved = page.getByTestId('saved-list').getByRole('listitem');
  await expect(saved).toHaveCount(2);
  expect(await idOf(saved.nth(0))).toBe(secondId);
  expect(await idOf(saved.nth(1))).toBe(firstId);
  for (const i of [0, 1]) await expect(saved.nth(i).getByTestId('save-button')).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'saved-03-list');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── 已收藏 removes one at once; the server agrees; a reload keeps it removed.
  await saved.nth(0).getByTestId('save-button').click();
  await expect(saved).toHaveCount(1);
  expect(await idOf(saved.nth(0))).toBe(firstId);
  await expect.poll(() => savedIds(page)).toEqual([firstId]);
  await page.reload();
  await expect(saved).toHaveCount(1);
  expect(await idOf(saved.nth(0))).toBe(firstId);

  // ── A card opens its activity, which shows it saved.
  await saved.nth(0).locator('a.activity-card').click();
  await expect(page).toHaveURL(new RegExp(`/activities/${firstId}$`));
  await expect(page.getByTestId('save-button')).toHaveAttribute('aria-pressed', 'true');
});

test('nothing saved: the empty state leads to the activities; logged out: the login prompt', async ({ page }) => {
  const app = await logInAs(page, NOTHING_SAVED, '/me/saved', { clearStorage: true });
  const empty = page.getByTestId('saved-empty');
  await expect(empty).toContainText('还没有收藏的活动');
  await shot(page, 'saved-04-empty', false);
  await app.expectAccessible();
  await empty.getByRole('link', { name: '去看看活动' }).click();
  await expect(page).toHaveURL(/\/activities(\?.*)?$/);

  await page.evaluate(() => localStorage.removeItem('kepuri.session'));
  await app.goto('/me/saved');
  await expect(page.getByTestId('login-prompt')).toBeVisible();
  await expect(page.getByTestId('login-prompt').getByRole('link')).toHaveAttribute('href', /next=%2Fme%2Fsaved/);
  await app.expectAccessible();
});
