// 统计 (issue 17) on a phone (390×844): /stats renders the seed's figures, every table equals
// what GET /stats answers (the same numbers, in the same order), the update time is China time,
// nothing scrolls sideways and axe finds nothing; a reviewer's /review/stats shows their scope's
// figures and downloads them as CSV with a BOM. (A direct load of /stats: sections.spec.js.)
import { test, expect } from '../fixtures.js';
import { AppPage, logInAs, shot } from '../pages/app.js';

const BEIJING = '13800000002';

/** What a table shows: each row's id, then its cells, as text without thousands separators. */
async function tableRows(table) {
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.id, ...[...tr.children]
    .map((c) => c.textContent.trim().replace(/,/g, ''))]));
}

/** The same from the API: the name, except for days (the table writes them 9月11日 周六). */
const asRows = (rows, day) => rows.map((r) => [r.id, day ? undefined : r.name, String(r.activities),
  String(r.participants), String(r.participants_offline), String(r.views_online), String(r.ratings), r.average_stars == null ? '—' : r.average_stars.toFixed(1)]);

async function expectTablesMatch(page, stats) {
  for (const [id, key] of [['province', 'by_province'], ['theme', 'by_theme'], ['kind', 'by_event_kind'], ['day', 'by_day']]) {
    const table = page.getByTestId(`stats-table-${id}`);
    await expect(table.locator('caption')).toBeVisible();
    const day = id === 'day';
    const shown = (await tableRows(table)).map((r) => (day ? [r[0], undefined, ...r.slice(2)] : r));
    expect(shown, key).toEqual(asRows(stats[key], day));
  }
  // Exact figures (English groups thousands with commas).
  const total = async (id) => (await page.getByTestId(id).textContent()).replace(/,/g, '');
  expect(await total('stats-total-activities')).toBe(String(stats.totals.activities));
  expect(await total('stats-total-participants')).toBe(String(stats.totals.participants));
  expect(await total('stats-total-offline')).toBe(String(stats.totals.participants_offline));
  expect(await total('stats-total-views')).toBe(String(stats.totals.views_online));
}

test('/stats shows the seed figures as charts and tables equal to the API', async ({ page }) => {
  const app = new AppPage(page);
  // Found from the activity search.
  await app.goto('/activities');
  await page.getByTestId('stats-link').click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole('heading', { level: 1, name: '统计' })).toBeVisible();
  await expect(page.getByTestId('stats-table-province')).toBeVisible();
  const stats = await (await page.request.get('/api/v1/stats')).json();
  expect(stats.totals.activities).toBeGreaterThan(1000);
  await expectTablesMatch(page, stats);
  // When the figures were taken, in China time (the server clock reads 9月13日 10:00 +08:00; the
  // browser is in New York).
  await expect(page.getByTestId('stats-updated')).toContainText(/数据更新于 9月13日 10:0\d/);
  // Four charts, each named, and tables whose headers say what they head.
  await expect(page.locator('svg.stats-chart[role="img"]')).toHaveCount(4);
  await expect(page.getByTestId('stats-table-theme').locator('th[scope="col"]')).toHaveCount(7);
  await expect(page.getByTestId('stats-table-theme').locator('tbody th[scope="row"]').first()).toHaveText(stats.by_theme[0].name);
  // Days as people read them, China dates.
  await expect(page.getByTestId('stats-table-day').locator('tbody th').first()).toHaveText(/^9月\d+日 周./);
  await shot(page, 'stats-01-page');
  await shot(page, 'stats-01-top', false);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  // At 360 px too.
  await page.setViewportSize({ width: 360, height: 800 });
  await app.expectNoHorizontalScroll();
});

test.describe('from an English browser', () => {
  test.use({ locale: 'en-US' });

test('/stats names the groups in English', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/stats');
  await expect(page.getByRole('heading', { level: 1, name: 'Statistics' })).toBeVisible();
  const stats = await (await page.request.get('/api/v1/stats', { headers: { 'Accept-Language': 'en' } })).json();
  await expectTablesMatch(page, stats);
  await expect(page.getByTestId('stats-updated')).toContainText('Figures as of Sep 13');
  await app.expectAccessible();
});
});

test('a reviewer sees their scope and downloads it as CSV', async ({ page }) => {
  await logInAs(page, BEIJING, '/review');
  await page.getByTestId('review-stats-link').click();
  await expect(page).toHaveURL(/\/review\/stats$/);
  await expect(page.getByTestId('stats-scope')).toHaveText('统计范围：北京市');
  const { token } = await page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.session')));
  const stats = await (await page.request.get('/api/v1/review/stats', { headers: { Authorization: `Bearer ${token}` } })).json();
  await expectTablesMatch(page, stats);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
  expect(download.suggestedFilename()).toBe('stats-2021-09-13.csv');
  const fs = await import('node:fs');
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines[0]).toBe('维度,编号,名称,活动数,预约人数,线下参与人数,线上观看,评价数,平均星级');
  expect(lines[1]).toBe(`合计,all,合计,${stats.totals.activities},${stats.totals.participants},${stats.totals.participants_offline},${stats.totals.views_online},${stats.totals.ratings},${stats.totals.average_stars == null ? '' : stats.totals.average_stars.toFixed(1)}`);
  await shot(page, 'stats-02-review');

  // A refused export says why next to the button (not in a passing toast); pressing again
  // downloads once the server agrees.
  const csvUrl = (url) => url.pathname === '/api/v1/review/stats' && url.searchParams.get('format') === 'csv';
  await page.route(csvUrl, (route) => route.fulfill({
    status: 403, contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: '暂时不能导出本范围的统计' }),
  }));
  await page.getByTestId('stats-csv').click();
  await expect(page.getByTestId('stats-csv-error')).toHaveText('暂时不能导出本范围的统计');
  await expect(page.getByTestId('stats-csv')).toBeEnabled();
  await shot(page, 'stats-03-csv-refused');
  await page.unroute(csvUrl);
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
  expect(again.suggestedFilename()).toBe('stats-2021-09-13.csv');
  await expect(page.getByTestId('stats-csv-error')).toBeEmpty();
  await new AppPage(page).expectNoHorizontalScroll();
  await new AppPage(page).expectAccessible();
});
