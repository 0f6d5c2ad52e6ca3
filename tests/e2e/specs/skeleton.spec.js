// The walking skeleton's journey on a 390×844 phone: home → theme chip → activities, an activity
// detail from the server, the 404 page, and an accessibility scan.
import { test, expect } from '../fixtures.js';
import { HomePage, ActivityDetailPage, AppPage } from '../pages/app.js';

// These tests fail requests with page.route, which does not see what a service worker answers
// (app files from its precache, API reads it fetches itself): without one here. The worker has
// its own tests (pwa.spec.js); every other spec runs with it.
test.use({ serviceWorkers: 'block' });

test('home shows the edition and its status from the server clock', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await expect(page).toHaveTitle(/云上科普日/);
  await expect(home.main.getByRole('heading', { level: 1 })).toHaveText('百年再出发，迈向高水平科技自立自强');
  await expect(home.main.getByText('2021年9月11日—17日')).toBeVisible();
  // The reference server runs its clock from 2021-09-13T10:00+08:00: day 3 of 7, even though
  // this browser's clock is years later and its time zone is New York.
  await expect(home.status).toContainText('第3天 / 共7天');
  await expect(home.themeChips).toHaveCount(11);
  await expect(home.tabBar.getByRole('link', { name: '首页' })).toHaveAttribute('aria-current', 'page');
  await home.expectNoHorizontalScroll();
  await home.expectAccessible();
});

test('a theme chip opens the activity search filtered by that theme', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await home.themeChip('核科普').click();
  await expect(page).toHaveURL(/\/activities\?theme=nuclear$/);
  await expect(page.getByRole('button', { name: /^主题：核科普/ })).toBeVisible();
  await expect(home.tabBar.getByRole('link', { name: '活动' })).toHaveAttribute('aria-current', 'page');
});

test('the open-day card opens the search filtered to 公众科学素质促进开放日', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await home.main.getByRole('link', { name: /公众科学素质促进开放日/ }).click();
  await expect(page).toHaveURL(/\/activities\?event_kind=open-day$/);
  await expect(page.getByRole('button', { name: /^主题：公众科学素质促进开放日/ })).toBeVisible();
});

test('an activity detail is fetched from the server and shown in China time', async ({ page, request }) => {
  const res = await request.get('/api/v1/activities/act_000001');
  expect(res.ok()).toBeTruthy();
  const activity = await res.json();
  const detail = new ActivityDetailPage(page);
  await detail.open(activity.id);
  await expect(detail.title).toHaveText(activity.title);
  // Times are shown in UTC+08:00 whatever the device's zone (this browser is in New York).
  const start = activity.starts_at.slice(11, 16);
  await expect(detail.time).toContainText(start);
  await detail.expectNoHorizontalScroll();
  await detail.expectAccessible();
});

// An unknown activity: not-found with a way back, no 重试 (specs/flow.spec.js, issue 20).

test('an unknown route shows the 404 page', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/no/such/page');
  await expect(page.getByTestId('not-found')).toContainText('页面不存在');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
  await app.expectAccessible();
});

test('a failed request shows an error with a retry that recovers', async ({ page }) => {
  let failing = true;
  await page.route('**/api/v1/themes', (route) => (failing ? route.abort('connectionreset') : route.continue()));
  const home = new HomePage(page);
  await home.open();
  const error = page.getByTestId('error-view');
  await expect(error).toContainText('网络连接失败');
  failing = false;
  await error.getByRole('button', { name: '重试' }).click();
  await expect(home.themeChips).toHaveCount(11);
});
