// 登记填报 (issue 15) on a phone: an organiser registers a unit, the Beijing reviewer approves it;
// the organiser fills an activity over several steps with a reload in the middle (nothing is
// lost) and submits it; the reviewer returns it with a reason, the organiser sees the reason,
// fixes it and submits again; the reviewer approves it and the public finds it with a
// one-character keyword; a reviewer of another province is refused. axe on every new page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, logInAs, shot } from '../pages/app.js';

// Dev accounts the reference server's seed creates (README, "Roles and dev accounts"); the
// organiser is a new account that registers its own unit.
const ORGANISER = '13700137001';
const BEIJING_REVIEWER = '13800000002';
const SHANGHAI_REVIEWER = '13800000003';

// A rare character, so that the one-character search finds this activity among the seed's.
const TITLE = '鳐鱼夜观科学营';

const cover = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-cover-')), 'cover.png');
test.beforeAll(() => {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x1a56db:s=640x360',
    '-frames:v', '1', cover]);
});

test.describe.configure({ mode: 'serial' });

test('without login the organiser and review pages say so and keep the way back', async ({ page }) => {
  const app = new AppPage(page);
  for (const route of ['/organiser', '/organiser/activities/new', '/review']) {
    await app.goto(route);
    const prompt = page.getByTestId('login-prompt');
    await expect(prompt).toContainText('请先登录');
    await expect(prompt.getByRole('link', { name: '登录' })).toHaveAttribute('href', `/login?next=${encodeURIComponent(route)}`);
  }
  await app.expectAccessible();
});

test('register, review, return, fix, publish and find an activity', async ({ page }) => {
  test.setTimeout(180_000);

  // ── The organiser registers a unit (the check character is checked before sending).
  let app = await logInAs(page, ORGANISER, '/me');
  await page.getByTestId('work-links').getByRole('link', { name: '登记举办单位' }).click();
  await expect(page).toHaveURL(/\/organiser$/);
  await expect(page.getByTestId('deadlines')).toContainText('活动登记');
  await shot(page, '01-organiser-empty');
  await app.expectAccessible();
  await page.getByTestId('no-unit').getByRole('link', { name: '登记举办单位' }).click();
  await expect(page).toHaveURL(/\/organiser\/unit$/);
  await page.getByLabel('单位全称').fill('北京市海淀区鳐鱼科学工作室');
  await page.getByLabel('单位类型').selectOption({ label: '科技馆' });
  await page.getByLabel('统一社会信用代码').fill('91110108MA01ABCD1F');
  await page.getByLabel('所在省份').selectOption({ label: '北京市' });
  await page.getByLabel('所在城市').selectOption({ index: 1 });
  await page.getByLabel('联系人', { exact: true }).fill('王老师');
  await page.getByLabel('联系人手机号').fill('13800000001');
  await page.getByTestId('save-unit').click();
  await expect(page.locator('#unit-code-error')).toHaveText('校验位不正确，请核对代码');
  await expect(page.getByLabel('统一社会信用代码')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '02-unit-invalid-code');
  await page.getByLabel('统一社会信用代码').fill('91110108ma01abcd1e');
  await page.getByTestId('save-unit').click();
  await expect(page.getByTestId('unit-status')).toContainText('待审核');
  await shot(page, '03-unit-pending');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── The Beijing reviewer approves it.
  app = await logInAs(page, BEIJING_REVIEWER, '/me');
  await page.getByTestId('work-links').getByRole('link', { name: '审核' }).click();
  await expect(page).toHaveURL(/\/review$/);
  await page.getByRole('link', { name: '单位', exact: true }).click();
  await expect(page.getByTestId('review-unit').first()).toBeVisible();
  await shot(page, '04-review-units');
  await page.getByTestId('review-unit').filter({ hasText: '鳐鱼科学工作室' }).getByRole('link').click();
  await expect(page.getByTestId('review-title')).toHaveText('北京市海淀区鳐鱼科学工作室');
  await shot(page, '05-review-unit');
  await app.expectAccessible();
  await page.getByTestId('approve').click();
  await expect(page.getByTestId('review-record')).toContainText('已通过');

  // ── The organiser fills an activity over several steps, with a reload in the middle.
  app = await logInAs(page, ORGANISER, '/organiser');
  await expect(page.getByTestId('unit-summary')).toContainText('已通过');
  await page.getByTestId('unit-summary').getByRole('link', { name: '登记活动' }).click();
  await expect(page).toHaveURL(/\/organiser\/activities\/new$/);
  await page.getByLabel('活动名称').fill(TITLE);
  await page.getByLabel('活动简介').fill('在北京的夜里认识海洋生物');
  await page.getByLabel('活动详情').fill('科学家带领观察水族馆里的鳐鱼。');
  await page.getByLabel('活动类别').selectOption({ index: 1 });
  await page.getByRole('group', { name: '活动主题（1–3 个）' }).getByRole('button').first().click();
  await page.getByLabel('面向人群').fill('中小学生及家长');
  await shot(page, '06-form-step1');
  await app.expectAccessible();
  await page.getByTestId('next-step').click();
  await page.getByRole('radio', { name: '线上', exact: true }).check();
  await page.getByLabel('线上地址').fill('https://live.example.cn/ray');
  // Saved to the server as a draft (the address becomes the draft's own).
  await expect(page).toHaveURL(/\/organiser\/activities\/[^/]+\/edit$/, { timeout: 15_000 });
  await expect(page.getByTestId('save-state')).toHaveText('草稿已保存');
  await page.reload();
  await expect(page.getByRole('button', { name: /形式与地点/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByLabel('线上地址')).toHaveValue('https://live.example.cn/ray');
  await expect(page.getByRole('radio', { name: '线上', exact: true })).toBeChecked();
  await expect(page.getByLabel('活动名称')).toHaveValue(TITLE);
  await shot(page, '07-form-step2-after-reload');
  const editUrl = page.url();
  await page.getByTestId('next-step').click();
  await page.getByLabel('开始时间（北京时间）').fill('2021-09-15T19:00');
  await page.getByLabel('结束时间（北京时间）').fill('2021-09-15T21:00');
  await expect(page.getByTestId('outside-week')).toBeHidden();
  await shot(page, '08-form-step3');
  await page.getByTestId('next-step').click();
  await expect(page.getByTestId('submit-activity')).toContainText('还缺 2 项');
  await page.getByTestId('cover-input').setInputFiles(cover);
  await expect(page.getByTestId('cover-preview')).toBeVisible();
  await page.getByTestId('marks-confirmed').check();
  await expect(page.getByTestId('submit-activity')).toHaveText('提交审核');
  await shot(page, '09-form-step4');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await page.getByTestId('submit-activity').click();
  await expect(page.getByTestId('submitted')).toBeVisible();
  const id = editUrl.match(/activities\/([^/]+)\/edit/)[1];

  // ── The reviewer returns it, with a reason.
  app = await logInAs(page, BEIJING_REVIEWER, '/review');
  await page.getByTestId('review-activity').filter({ hasText: TITLE }).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/review/activities/${id}$`));
  await page.getByTestId('return').click();
  await expect(page.locator('#decision-error')).toContainText('请填写退回原因');
  await shot(page, '10-review-activity');
  await app.expectAccessible();
  await page.getByLabel('退回原因（退回时必填）').fill('请补充线下活动地址');
  await page.getByTestId('return').click();
  await expect(page.getByTestId('review-record')).toContainText('已退回');
  await expect(page.getByTestId('history')).toContainText('请补充线下活动地址');

  // ── The organiser sees the reason, fixes it and submits again.
  app = await logInAs(page, ORGANISER, '/organiser');
  await expect(page.getByTestId('row-reason')).toContainText('请补充线下活动地址');
  await shot(page, '11-organiser-returned');
  await app.expectAccessible();
  await page.getByTestId('todo-list').getByRole('link', { name: new RegExp(TITLE) }).click();
  await expect(page.getByTestId('return-reason')).toContainText('请补充线下活动地址');
  await expect(page.getByTestId('history')).toContainText('已退回');
  await shot(page, '12-edit-returned');
  await page.getByRole('button', { name: /形式与地点/ }).click();
  await page.getByRole('radio', { name: '线上线下结合' }).check();
  await page.getByLabel('活动地址').fill('北京市海淀区中关村大街1号');
  await page.getByLabel('所在省份').selectOption({ label: '北京市' });
  await page.getByLabel('所在城市').selectOption({ index: 1 });
  await page.getByLabel('可容纳人数').fill('80');
  await page.getByRole('button', { name: /封面与确认/ }).click();
  await expect(page.getByTestId('submit-activity')).toHaveText('提交审核');
  await page.getByTestId('submit-activity').click();
  await expect(page.getByTestId('submitted')).toBeVisible();

  // ── The reviewer approves it (multi-select in the queue) and it is public at once.
  app = await logInAs(page, BEIJING_REVIEWER, '/review');
  const row = page.getByTestId('review-activity').filter({ hasText: TITLE });
  await row.getByRole('checkbox').check();
  await shot(page, '13-review-queue');
  await page.getByTestId('approve-selected').click();
  await expect(page.getByTestId('review-activities').filter({ hasText: TITLE })).toHaveCount(0);
  await app.expectAccessible();

  await app.goto(`/activities?q=${encodeURIComponent('鳐')}`);
  await expect(page.getByTestId('results').getByRole('listitem').filter({ hasText: TITLE })).toBeVisible();

  // ── A reviewer of another province is refused, clearly.
  app = await logInAs(page, SHANGHAI_REVIEWER, '/review');
  await app.goto(`/review/activities/${id}`);
  await expect(page.getByTestId('refused')).toContainText(/不在你的审核范围内/);
  await shot(page, '14-refused');
  await app.expectAccessible();
});

test('an account without the reviewer role is told so on /review', async ({ page }) => {
  const app = await logInAs(page, '13700137009', '/review');
  await expect(page.getByTestId('no-role')).toContainText('没有审核权限');
  await app.expectAccessible();
});

test('a draft changed in two places shows both versions and keeps the one chosen', async ({ page, context }) => {
  // 王老师 of the seed's approved unit.
  const app = await logInAs(page, '13800000001', '/organiser/activities/new');
  await page.getByLabel('活动名称').fill('两处修改的草稿');
  await expect(page).toHaveURL(/\/organiser\/activities\/[^/]+\/edit$/, { timeout: 15_000 });
  await expect(page.getByTestId('save-state')).toHaveText('草稿已保存');
  // The same draft open in a second tab, then changed in the first.
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByLabel('活动名称')).toHaveValue('两处修改的草稿');
  await page.getByLabel('活动简介').fill('第一处的简介');
  await expect(page.getByTestId('save-state')).toHaveText('草稿已保存');
  // The second tab's save is based on the older version: 412, both versions shown.
  await other.getByLabel('活动名称').fill('第二处的标题');
  const conflict = other.getByTestId('conflict');
  await expect(conflict).toBeVisible({ timeout: 15_000 });
  await expect(conflict).toContainText('第二处的标题');
  await expect(conflict).toContainText('第一处的简介');
  await shot(other, '15-conflict');
  await new AppPage(other).expectAccessible();
  await other.getByTestId('keep-mine').click();
  await expect(other.getByTestId('save-state')).toHaveText('草稿已保存');
  await page.reload();
  await expect(page.getByLabel('活动名称')).toHaveValue('第二处的标题');
  await app.expectNoHorizontalScroll();
});
