// Consent (issue 20): nothing is sent before the visitor agrees to the 用户协议 and 隐私政策 (the
// box is unticked); the server keeps the agreed versions; a child's entry needs a guardian.
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, agreement } from '../pages/app.js';

test('login refuses to go on without consent; the documents open; the server keeps the agreed versions', async ({ page }) => {
  const login = new LoginPage(page);
  const codeRequests = [];
  page.on('request', (r) => { if (r.url().includes('/auth/sms-codes')) codeRequests.push(r.url()); });
  await login.goto('/login?next=%2Fme');
  await expect(login.agree).not.toBeChecked();
  await login.phone.fill('13800138401');
  await login.sendCode.click();
  await expect(login.agreeError).toHaveText('请阅读并勾选同意《用户协议》和《隐私政策》');
  await expect(login.agree).toBeFocused();
  expect(codeRequests).toEqual([]);
  await login.expectAccessible();

  // Both documents are pages of the app, with their version, and lead back to the login.
  const app = new AppPage(page);
  const current = await agreement(page.request);
  for (const [name, heading, version] of [['《用户协议》', '用户协议', current.terms], ['《隐私政策》', '隐私政策', current.privacy]]) {
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByTestId('legal-version')).toHaveText(`版本：${version}`);
    await expect(page.getByTestId('legal-text')).toContainText('个人信息');
    await app.expectNoHorizontalScroll();
    await app.expectAccessible();
    await page.getByRole('button', { name: '返回' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fme$/);
  }

  await expect(login.phone).toHaveValue('13800138401');
  await login.agree.check();
  await expect(login.agreeError).toHaveText('');
  await login.sendCode.click();
  await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();
  await login.code.fill('246810');
  await login.submit.click();
  await expect(page).toHaveURL(/\/me$/);
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.session')).token);
  const me = await (await page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(me.agreement.terms).toBe(current.terms);
  expect(me.agreement.privacy).toBe(current.privacy);
  expect(me.agreement.agreed_at).toMatch(/^2021-09-1\dT/);
});

test('an entrant under 14 needs a guardian\'s consent; the age picks its own group', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto(`/login?next=${encodeURIComponent('/challenge/submit')}`);
  await new LoginPage(page).logIn('13800138402');
  await expect(page).toHaveURL(/\/challenge\/submit$/);
  const age = page.getByLabel('参赛者年龄（周岁）');
  const category = page.getByLabel('参赛组别');
  const guardian = page.getByTestId('guardian-consent');
  await age.fill('15');
  await expect(category).toHaveValue('teens');
  await expect(guardian).toHaveCount(0);
  // A group that does not match the age is refused next to it.
  await category.selectOption('adults');
  await page.getByLabel('作品标题').fill('会变色的紫甘蓝');
  await page.getByRole('button', { name: '上传并提交' }).click();
  await expect(page.locator('#category-error')).toHaveText('15岁请选择青少年组');

  await age.fill('9');
  await expect(category).toHaveValue('kids');
  await expect(guardian).toBeVisible();
  await expect(guardian.getByRole('checkbox')).not.toBeChecked();
  await app.expectAccessible();
  await app.expectNoHorizontalScroll();
  await page.getByRole('button', { name: '上传并提交' }).click();
  await expect(page.locator('#guardian-name-error')).toHaveText('请填写监护人姓名（1至20个字）');
  await expect(page.locator('#guardian-relation-error')).toHaveText('请选择与参赛者的关系');
  await expect(page.locator('#guardian-agreed-error')).toHaveText('需要监护人勾选同意后才能投稿');
  await guardian.getByLabel('监护人姓名').fill('王芳');
  await guardian.getByLabel('与参赛者的关系').selectOption('mother');
  await guardian.getByRole('checkbox').check();
  await expect(page.locator('#guardian-agreed-error')).toHaveText('');
  // What was typed survives a reload.
  await page.reload();
  await expect(age).toHaveValue('9');
  await expect(guardian.getByLabel('监护人姓名')).toHaveValue('王芳');
  await expect(guardian.getByRole('checkbox')).toBeChecked();
});
