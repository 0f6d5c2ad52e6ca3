// Page objects: what a person sees and does, named in their terms.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export class AppPage {
  constructor(page) {
    this.page = page;
    this.main = page.locator('main#main');
    this.tabBar = page.getByRole('navigation', { name: '主导航' });
  }

  async goto(path) {
    await this.page.goto(path);
    // The app has mounted once the boot screen is gone.
    await expect(this.page.locator('#boot')).toHaveCount(0);
  }

  /** axe-core scan: no serious or critical violations. */
  async expectAccessible() {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  }

  /** Nothing wider than the viewport (no horizontal scroll at phone size). */
  async expectNoHorizontalScroll() {
    // The device's width, not window.innerWidth: a phone browser zooms out to fit content that is
    // too wide, which would make innerWidth grow with the overflow.
    const width = this.page.viewportSize().width;
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(width);
    // Nothing may stick out of the viewport either (body's overflow-x: hidden would hide it),
    // except inside containers that scroll sideways on purpose (filter chips, day strip).
    const sticking = await this.page.evaluate((width) => {
      const scrolls = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
        }
        return false;
      };
      return [...document.querySelectorAll('main *, header *')]
        .filter((el) => el.getClientRects().length && !scrolls(el))
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 5);
    }, width);
    expect(sticking).toEqual([]);
  }
}

export class HomePage extends AppPage {
  constructor(page) {
    super(page);
    this.status = page.getByTestId('edition-status');
    this.themeChips = page.getByTestId('theme-chips').getByRole('link');
  }
  async open() {
    await this.goto('/');
  }
  themeChip(name) {
    return this.page.getByTestId('theme-chips').getByRole('link', { name });
  }
}

export class ActivityDetailPage extends AppPage {
  constructor(page) {
    super(page);
    this.title = page.getByTestId('activity-title');
    this.time = page.getByTestId('activity-time');
  }
  async open(id) {
    await this.goto(`/activities/${id}`);
  }
}

/** The 用户协议 / 隐私政策 versions a login must agree to (from GET /edition). */
export async function agreement(request) {
  const edition = await (await request.get('/api/v1/edition')).json();
  return edition.legal;
}

/** A session through the API with the dev code, agreeing to the current versions. */
export async function apiSession(request, phone) {
  expect((await request.post('/api/v1/auth/sms-codes', { data: { phone } })).ok()).toBeTruthy();
  const res = await request.post('/api/v1/auth/sessions', { data: { phone, code: '246810', agreement: await agreement(request) } });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

export class LoginPage extends AppPage {
  constructor(page) {
    super(page);
    this.agree = page.getByRole('checkbox', { name: /我已阅读并同意/ });
    this.agreeError = page.getByTestId('agree-error');
    this.phone = page.getByLabel('手机号');
    this.code = page.getByLabel('验证码', { exact: true });
    this.sendCode = page.getByRole('button', { name: /获取验证码|秒后重新获取|发送中/ });
    this.submit = page.getByRole('button', { name: '登录', exact: true });
    this.phoneError = page.getByTestId('phone-error');
  }
  /** Logs in with the reference server's dev code (it runs with --dev-codes). */
  async logIn(phone = '13800138000') {
    await this.phone.fill(phone);
    await this.agree.check();
    await this.sendCode.click();
    await expect(this.page.getByRole('button', { name: /秒后重新获取/ })).toBeDisabled();
    await this.code.fill('246810');
    await this.submit.click();
  }
}

export class SearchPage extends AppPage {
  constructor(page) {
    super(page);
    this.search = page.getByRole('searchbox', { name: '搜索活动' });
    this.results = page.getByTestId('results').getByRole('listitem');
    this.count = page.getByTestId('result-count');
  }
  async open(query = '') {
    await this.goto(`/activities${query}`);
  }
  filterButton(name) {
    return this.page.getByRole('button', { name: new RegExp(`^${name}：`) });
  }
  async pickInSheet(filter, option) {
    await this.filterButton(filter).click();
    const sheet = this.page.getByRole('dialog', { name: filter });
    await sheet.getByRole('button', { name: new RegExp(`^${option}`) }).first().click();
    await expect(sheet).toBeHidden();
  }
  async pickProvince(code) {
    await this.filterButton('地区').click();
    const sheet = this.page.getByRole('dialog', { name: '地区' });
    await sheet.getByLabel('省份').selectOption(code);
    await sheet.getByRole('button', { name: '确定' }).click();
    await expect(sheet).toBeHidden();
  }
  async titles() {
    return this.results.locator('.activity-card__title').allTextContents();
  }
}

/** 点赞科技志愿: the list, its cards and like buttons, the login sheet and the leaderboard. */
export class VolunteersPage extends AppPage {
  constructor(page) {
    super(page);
    this.search = page.getByRole('searchbox', { name: '搜索志愿者' });
    this.cards = page.getByTestId('volunteer-card');
    this.count = page.getByTestId('result-count');
    this.province = page.getByLabel('省份');
    this.remaining = page.getByTestId('remaining-likes');
    this.loginSheet = page.getByRole('dialog', { name: '登录后点赞' });
    this.board = page.getByTestId('leaderboard').getByRole('listitem');
  }
  async open(query = '') {
    await this.goto(`/volunteers${query}`);
  }
  card(id) {
    return this.page.locator(`[id="vol-${id}"]`);
  }
  async cardId(card) {
    return (await card.getAttribute('id')).slice('vol-'.length);
  }
  likeButton(card) {
    return card.getByTestId('like-button');
  }
  async likeCount(card) {
    return Number(await card.getByTestId('like-count').textContent());
  }
  /** A filter, sort, scope or period choice (they are links). */
  choice(name) {
    return this.main.getByRole('link', { name, exact: true });
  }
  /** Logs in through the API with the dev code and keeps the session like the app does. */
  async logInWithApi(phone) {
    const session = await apiSession(this.page.request, phone);
    await this.page.addInitScript((s) => localStorage.setItem('kepuri.session', s), JSON.stringify(session));
    return session.token;
  }
}

/**
 * Logs `phone` in (forgetting whoever was logged in) and lands on `next`. `clearStorage` also
 * forgets everything else the app keeps on the device (drafts, pending uploads).
 */
export async function logInAs(page, phone, next, { clearStorage = false } = {}) {
  const app = new AppPage(page);
  await app.goto('/');
  await page.evaluate((all) => (all ? localStorage.clear() : localStorage.removeItem('kepuri.session')),
    clearStorage);
  await app.goto(`/login?next=${encodeURIComponent(next)}`);
  await new LoginPage(page).logIn(phone);
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
  return app;
}

/** Development aid: a screenshot of the page into the folder E2E_SHOTS names, if it names one. */
export async function shot(page, name, fullPage = true) {
  const dir = process.env.E2E_SHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage });
}
