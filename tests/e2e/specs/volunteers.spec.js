// 点赞科技志愿: optimistic likes that persist, the daily cap, liking while logged out (login sheet
// → log in → back at the same card), filters in the URL, the leaderboard and a volunteer's page.
import { test, expect } from '../fixtures.js';
import { LoginPage, VolunteersPage } from '../pages/app.js';

test('a like counts at once, only once, and is still there after a reload', async ({ page }) => {
  const vols = new VolunteersPage(page);
  await vols.logInWithApi('13600136001');
  await vols.open();
  const card = vols.cards.nth(1);
  await expect(card).toBeVisible();
  const id = await vols.cardId(card);
  const before = await vols.likeCount(card);
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/likes')) posts.push(r); });

  // A double tap is one like.
  await vols.likeButton(card).dblclick();
  await expect(card.getByTestId('like-count')).toHaveText(String(before + 1));
  await expect(vols.likeButton(card)).toHaveAttribute('aria-pressed', 'true');
  await expect(vols.remaining).toHaveText('今日还可点赞 9 次');
  expect(posts).toHaveLength(1);
  expect(posts[0].headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
  await vols.expectNoHorizontalScroll();
  await vols.expectAccessible();

  await page.reload();
  await expect(vols.card(id).getByTestId('like-count')).toHaveText(String(before + 1));
  await expect(vols.likeButton(vols.card(id))).toHaveAttribute('aria-pressed', 'true');
  // Liking again the same day says so and counts nothing.
  await vols.likeButton(vols.card(id)).click();
  await expect(vols.card(id).getByTestId('like-error')).toHaveText('今天已经为TA点过赞了，明天再来吧');
  await expect(vols.card(id).getByTestId('like-count')).toHaveText(String(before + 1));

  // The leaderboard says how many likes are left today.
  await vols.main.getByRole('link', { name: '排行榜' }).click();
  await expect(page).toHaveURL(/\/volunteers\/leaderboard$/);
  await expect(vols.remaining).toHaveText('今日还可点赞 9 次');
});

test('the daily cap rolls the like back and says why next to the card', async ({ page }) => {
  const vols = new VolunteersPage(page);
  const token = await vols.logInWithApi('13600136002');
  // Use up the 10 likes of the day through the API, on volunteers further down the list.
  const list = await (await page.request.get('/api/v1/volunteers?limit=20')).json();
  for (const v of list.items.slice(5, 15)) {
    const res = await page.request.post(`/api/v1/volunteers/${v.id}/likes`, {
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `cap-${v.id}-0002` },
    });
    expect(res.status()).toBe(200);
  }
  await vols.open();
  const card = vols.cards.first();
  await expect(card).toBeVisible();
  const before = await vols.likeCount(card);
  await vols.likeButton(card).click();
  await expect(card.getByTestId('like-error')).toHaveText('今日点赞次数已用完，明天再来');
  await expect(card.getByTestId('like-count')).toHaveText(String(before));
  await expect(vols.likeButton(card)).toHaveAttribute('aria-pressed', 'false');
  await expect(vols.remaining).toHaveText('今日还可点赞 0 次');
  await vols.expectAccessible();
});

test('liking while logged out offers to log in and comes back to the same card', async ({ page }) => {
  const vols = new VolunteersPage(page);
  await vols.open('?kind=team');
  const card = vols.cards.nth(4);
  await expect(card).toBeVisible();
  const id = await vols.cardId(card);
  const before = await vols.likeCount(card);
  await vols.likeButton(card).click();
  await expect(vols.loginSheet).toBeVisible();
  await expect(card.getByTestId('like-count')).toHaveText(String(before));
  await vols.expectAccessible();
  const link = vols.loginSheet.getByRole('link', { name: '登录 / 注册' });
  await expect(link).toHaveAttribute('href', `/login?next=${encodeURIComponent(`/volunteers?kind=team#vol-${id}`)}`);
  await link.click();

  const login = new LoginPage(page);
  await login.logIn('13600136003');
  await expect(page).toHaveURL(new RegExp(`/volunteers\\?kind=team#vol-${id}$`));
  await expect(vols.card(id)).toBeInViewport();
  await vols.likeButton(vols.card(id)).click();
  await expect(vols.card(id).getByTestId('like-count')).toHaveText(String(before + 1));
});

test('search, province, kind and sort live in the URL: reload and Back restore them', async ({ page }) => {
  const vols = new VolunteersPage(page);
  await vols.open();
  await expect(vols.cards.first()).toBeVisible();
  await vols.province.selectOption('330000');
  await expect(page).toHaveURL(/province=330000/);
  await vols.choice('团队').click();
  await expect(page).toHaveURL(/kind=team/);
  await vols.choice('最新').click();
  await expect(page).toHaveURL(/\/volunteers\?province=330000&kind=team&sort=newest$/);
  await expect(vols.count).toContainText('位志愿者');
  const names = await vols.cards.locator('.volunteer-card__name').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const meta of await vols.cards.locator('.volunteer-card__meta').nth(1).allTextContents()) expect(meta).toContain('浙江');

  await page.reload();
  await expect(vols.province).toHaveValue('330000');
  await expect(vols.choice('团队')).toHaveAttribute('aria-current', 'true');
  await expect(vols.choice('最新')).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => vols.cards.locator('.volunteer-card__name').allTextContents()).toEqual(names);
  await vols.expectNoHorizontalScroll();
  await vols.expectAccessible();

  await page.goBack();
  await expect(page).toHaveURL(/\/volunteers\?province=330000&kind=team$/);
  await expect(vols.choice('点赞最多')).toHaveAttribute('aria-current', 'true');

  await vols.search.fill('气象');
  await expect(page).toHaveURL(/q=%E6%B0%94%E8%B1%A1/);
  await page.reload();
  await expect(vols.search).toHaveValue('气象');
});

test('the leaderboard: nationwide or one province, today or this week, in the URL', async ({ page }) => {
  const vols = new VolunteersPage(page);
  await vols.goto('/volunteers/leaderboard');
  await expect(vols.board.first()).toBeVisible();
  expect(await vols.board.count()).toBeLessThanOrEqual(100);
  await expect(vols.board.first()).toContainText('赞');
  await vols.choice('今日').click();
  await expect(page).toHaveURL(/\/volunteers\/leaderboard\?period=day$/);
  // 本省 is the visitor's province: with no city chosen yet it asks for one.
  await page.getByTestId('own-province').click();
  const picker = page.getByRole('dialog', { name: '选择城市' });
  await picker.getByLabel('省份').selectOption('110000');
  await picker.getByLabel('城市').selectOption('110101');
  await picker.getByRole('button', { name: '确定' }).click();
  await expect(page).toHaveURL(/scope=province&province=110000&period=day$/);
  await expect(page.getByTestId('own-province')).toHaveText('本省（北京）');
  await vols.province.selectOption('330000');
  await expect(page).toHaveURL(/scope=province&province=330000&period=day$/);
  await page.reload();
  await expect(vols.province).toHaveValue('330000');
  await expect(vols.choice('今日')).toHaveAttribute('aria-current', 'true');
  await expect(vols.board.first().or(page.getByTestId('no-results'))).toBeVisible();
  await vols.expectNoHorizontalScroll();
  await vols.expectAccessible();
});

test("a volunteer's page shows their story as text with its line breaks", async ({ page }) => {
  const vols = new VolunteersPage(page);
  const list = await (await page.request.get('/api/v1/volunteers?limit=1')).json();
  const v = list.items[0];
  await vols.goto(`/volunteers/${v.id}`);
  await expect(page.getByTestId('volunteer-name')).toHaveText(v.name);
  const story = page.getByTestId('volunteer-story');
  await expect(story).toHaveText(v.story);
  await expect(story).toHaveCSS('white-space', 'pre-line');
  await expect(page.getByTestId('like-count')).toHaveText(String(v.like_count));
  await vols.expectNoHorizontalScroll();
  await vols.expectAccessible();
});
