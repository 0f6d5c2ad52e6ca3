// The app in English (issue 19): a first visit from an English browser gets English, the switch
// (on /me on a phone) is remembered and sets <html lang>, and the main visitor pages show no
// Chinese outside what the API sends (titles, organisers…), which the app marks lang="zh-CN".
import { test, expect } from '../fixtures.js';
import { AppPage, apiSession } from '../pages/app.js';

// CJK ideographs, fullwidth forms and CJK punctuation.
const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** Every text (text nodes, and the names and titles people hear) outside API data that has CJK. */
async function chineseOutsideData(page) {
  return page.evaluate((source) => {
    const cjk = new RegExp(source);
    const found = [];
    const where = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''));
      }
      return parts.join(' > ');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[lang="zh-CN"], script, style, noscript, [hidden]')) continue;
      if (cjk.test(n.textContent)) found.push(`${where(el)}: ${n.textContent.trim()}`);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
      if (el.closest('[lang="zh-CN"]')) continue;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(attr);
        if (v && cjk.test(v)) found.push(`${where(el)} @${attr}: ${v}`);
      }
    }
    return found;
  }, CJK.source);
}

/** Opens `path` in English and checks it: lang, no axe violations, no horizontal scroll; returns
 * the Chinese UI text found (the caller checks every page, then reports them all). */
async function visitInEnglish(app, path, shown) {
  await app.goto(path);
  await expect(shown(app.page)).toBeVisible();
  // Lists and details have arrived (no skeletons left) before the text is read.
  await expect(app.page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
  const found = (await chineseOutsideData(app.page)).map((f) => `${path} ${f}`);
  await app.expectAccessible();
  await app.expectNoHorizontalScroll();
  return found;
}

const VISITOR_PAGES = [
  ['/', (p) => p.getByTestId('edition-status')],
  ['/activities', (p) => p.getByRole('heading', { level: 1, name: 'Find events' })],
  ['/activities/act_000001', (p) => p.getByTestId('activity-title')],
  ['/live', (p) => p.getByRole('heading', { level: 1 })],
  ['/challenge', (p) => p.getByRole('heading', { level: 1 })],
  ['/volunteers', (p) => p.getByRole('heading', { level: 1 })],
  ['/topics', (p) => p.getByRole('heading', { level: 1 })],
  ['/topics/tp_001', (p) => p.getByRole('heading', { level: 1 })],
  ['/login', (p) => p.getByRole('heading', { level: 1, name: 'Log in' })],
  ['/me', (p) => p.getByRole('heading', { level: 1, name: 'Me' })],
  ['/no-such-page', (p) => p.getByRole('heading', { level: 1 })],
];

test.describe('a first visit from an English browser', () => {
  test.use({ locale: 'en-US' });

  test('is in English, and every main visitor page has no Chinese outside API data', async ({ page }) => {
    test.setTimeout(180_000); // eleven pages, each with an axe scan
    const app = new AppPage(page);
    const found = [];
    for (const [path, shown] of VISITOR_PAGES) {
      found.push(...await visitInEnglish(app, path, shown));
    }
    expect(found, 'Chinese UI text').toEqual([]);
  });

  test('/me of a logged-in visitor is in English too', async ({ page }) => {
    const session = await apiSession(page.request, '13800138011');
    await page.addInitScript((s) => localStorage.setItem('kepuri.session', s), JSON.stringify(session));
    const app = new AppPage(page);
    expect(await visitInEnglish(app, '/me', (p) => p.getByTestId('my-reservations'))).toEqual([]);
  });
});

test('the switch on /me turns a Chinese browser to English, remembered across visits', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/me');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  // On a phone the header has no room for it: it is on /me.
  await expect(page.locator('.app-header').getByTestId('switch-language')).toBeHidden();
  const toEnglish = page.getByRole('main').getByTestId('switch-language');
  await expect(toEnglish).toHaveText('English');
  await toEnglish.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Me' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Remembered: a new visit to another page is in English.
  await app.goto('/activities');
  await expect(page.getByRole('heading', { level: 1, name: 'Find events' })).toBeVisible();
  // And back.
  await app.goto('/me');
  await page.getByRole('main').getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
