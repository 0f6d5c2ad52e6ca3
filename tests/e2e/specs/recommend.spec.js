// 推荐 (issue 17) on a phone: the Beijing reviewer sees the units and activities of Beijing with
// their figures, sorts a column, recommends a unit and an activity with a reason, and the quota
// (10 % of the scope, at least 1) stops one more unit with the reason next to its row; the admin
// sees both recommendations and downloads the CSV (UTF-8 with a BOM, CRLF, Chinese names).
// axe and no sideways scroll on both pages; the table scrolls inside its own box.
import fs from 'node:fs';
import { test, expect } from '../fixtures.js';
import { logInAs, shot } from '../pages/app.js';

const BEIJING_REVIEWER = '13800000002';
const ADMIN = '13800000004';
const UNIT_NAME = '北京市海淀区青少年科技馆';
const SOCIETY_NAME = '中国核学会';

test.describe.configure({ mode: 'serial' });

/** Presses a row's 推荐, types the reason and confirms. */
async function recommendRow(row, reason) {
  await row.getByTestId('rec-toggle').click();
  const page = row.page();
  const form = page.getByTestId('rec-reason');
  await form.fill(reason);
  await page.getByTestId('rec-confirm').click();
}

test('a reviewer recommends a unit and an activity within the quota', async ({ page }) => {
  test.setTimeout(90_000);
  const app = await logInAs(page, BEIJING_REVIEWER, '/review?view=recommend');
  await expect(page.getByRole('heading', { level: 1, name: '推荐优秀' })).toBeVisible();
  await expect(page.getByTestId('rec-window')).toContainText('10月29日 24:00');
  const units = page.getByTestId('rec-units');
  const unitRow = units.getByTestId('rec-row').filter({ hasText: UNIT_NAME });
  await expect(unitRow).toBeVisible();
  await expect(page.getByTestId('rec-quota-units')).toHaveText('已推荐 0 / 1');
  // Sortable columns say how they are sorted.
  const activitiesHeader = units.locator('th', { hasText: '活动' }).first();
  await expect(activitiesHeader).toHaveAttribute('aria-sort', 'descending');
  await units.getByRole('button', { name: /评分/ }).click();
  await expect(units.locator('th', { hasText: '评分' })).toHaveAttribute('aria-sort', 'descending');
  await expect(activitiesHeader).toHaveAttribute('aria-sort', 'none');
  await units.getByRole('button', { name: /评分/ }).click();
  await expect(units.locator('th', { hasText: '评分' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(unitRow).toBeVisible();
  await shot(page, 'recommend-01-tables');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // A unit, with a reason.
  await recommendRow(unitRow, '组织动员有力，活动场次多、覆盖面广。');
  await expect(unitRow.getByTestId('rec-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('rec-quota-units')).toHaveText('已推荐 1 / 1');
  await expect(page.getByTestId('rec-reason')).toHaveCount(0);

  // One more unit is over the quota: the server's reason shows next to that row.
  const societyRow = units.getByTestId('rec-row').filter({ hasText: SOCIETY_NAME });
  await recommendRow(societyRow, '学会组织有力。');
  const error = page.getByTestId('rec-error');
  await expect(error).toContainText('优秀组织单位最多推荐1个，已推荐1个');
  await expect(societyRow.getByTestId('rec-toggle')).toHaveAttribute('aria-pressed', 'false');
  await shot(page, 'recommend-02-quota');
  await app.expectAccessible();
  await page.getByRole('button', { name: '取消' }).click();
  await expect(error).toHaveCount(0);

  // An activity.
  const activityRow = page.getByTestId('rec-activities').getByTestId('rec-row').first();
  await recommendRow(activityRow, '线上线下结合，反响热烈。');
  await expect(activityRow.getByTestId('rec-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('rec-quota-activities')).toHaveText('已推荐 1 / 1');

  // After a reload the marks come from the server.
  await page.reload();
  await expect(unitRow.getByTestId('rec-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(societyRow.getByTestId('rec-toggle')).toHaveAttribute('aria-pressed', 'false');
  await shot(page, 'recommend-03-marked');
  await app.expectNoHorizontalScroll();
});

test('the admin sees every recommendation and downloads them as CSV for Excel', async ({ page }) => {
  const app = await logInAs(page, ADMIN, '/review?view=recommendations');
  await expect(page.getByRole('heading', { level: 1, name: '全部推荐' })).toBeVisible();
  const items = page.getByTestId('rec-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText(UNIT_NAME);
  await expect(items.first()).toContainText('北京市科协');
  await expect(items.nth(1)).toContainText('优秀活动');
  await shot(page, 'recommend-04-admin');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  const download = page.waitForEvent('download');
  await page.getByTestId('rec-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('recommendations-2021.csv');
  const bytes = fs.readFileSync(await file.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('类别,名称,编号,省份,推荐单位,推荐理由,推荐时间');
  expect(lines[1]).toContain(`优秀组织单位,${UNIT_NAME},unit_000001,北京市,北京市科协,`);
  expect(lines[2]).toMatch(/^优秀活动,/);
  expect(lines[3]).toBe('');

  // Filtering by kind.
  await page.getByLabel('类别').selectOption({ label: '优秀活动' });
  await expect(items).toHaveCount(1);
});
