// Accounts: log in with the dev SMS code, see 我的, stay logged in across a reload, log out; a
// protected page while logged out goes through login and back; errors show next to fields.
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage } from '../pages/app.js';

test('log in from 我的, stay logged in across a reload, then log out', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/me');
  await expect(page.getByTestId('login-prompt')).toBeVisible();
  await page.getByTestId('login-prompt').getByRole('link', { name: '登录 / 注册' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fme$/);

  const login = new LoginPage(page);
  await login.expectAccessible();
  await login.logIn('13800138000');
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('me-name')).toHaveText('科普爱好者8000');
  await expect(page.getByText('138****8000')).toBeVisible();
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  await page.reload();
  await expect(page.getByTestId('me-name')).toHaveText('科普爱好者8000');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByTestId('login-prompt')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('login-prompt')).toBeVisible();
});

test('the display name can be changed and bad names are refused next to the field', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto('/login?next=/me');
  await login.logIn('13900139001');
  await expect(page).toHaveURL(/\/me$/);
  const name = page.getByLabel('昵称');
  await name.fill('科');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('#me-name-error')).toHaveText('昵称至少需要2个字');
  await name.fill('爱看火箭的小王');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('me-name')).toHaveText('爱看火箭的小王');
  await page.reload();
  await expect(page.getByTestId('me-name')).toHaveText('爱看火箭的小王');
});

test('a wrong phone number or code is explained next to the field, and input is kept', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto('/login');
  await login.phone.fill('1380013');
  await login.sendCode.click();
  await expect(login.phoneError).toHaveText('请输入正确的11位手机号');
  await login.phone.fill('13700137000');
  await expect(login.phoneError).toHaveText('');
  await login.agree.check();
  await login.sendCode.click();
  // The code must have been sent before a wrong one can be wrong (not "请先获取验证码").
  await expect(page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();
  await login.code.fill('000000');
  await login.submit.click();
  await expect(page.getByTestId('code-error')).toContainText('验证码错误');
  // The typed number survives a reload.
  await page.reload();
  await expect(login.phone).toHaveValue('13700137000');
});

test('a session the server no longer accepts is cleared with a way back in', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/');
  await page.evaluate(() => localStorage.setItem('kepuri.session', JSON.stringify({
    token: 'revoked-token', expires_at: '2099-01-01T00:00:00+08:00',
    user: { id: 'usr_x', phone_masked: '138****0000', display_name: '旧会话', created_at: '2021-09-11T08:00:00+08:00' },
  })));
  await app.goto('/me');
  const banner = page.getByTestId('session-expired');
  await expect(banner).toBeVisible();
  await banner.getByRole('link', { name: '重新登录' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fme$/);
});

test('after the session expires on a page with a query string, logging in again returns to that URL', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/');
  await page.evaluate(() => localStorage.setItem('kepuri.session', JSON.stringify({
    token: 'revoked-token', expires_at: '2099-01-01T00:00:00+08:00',
    user: { id: 'usr_x', phone_masked: '138****0000', display_name: '旧会话', created_at: '2021-09-11T08:00:00+08:00' },
  })));
  await app.goto('/me?from=expired');
  const banner = page.getByTestId('session-expired');
  await expect(banner).toBeVisible();
  await banner.getByRole('link', { name: '重新登录' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fme%3Ffrom%3Dexpired$/);
  await new LoginPage(page).logIn('13800138009');
  await expect(page).toHaveURL(/\/me\?from=expired$/);
});
