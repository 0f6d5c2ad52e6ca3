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
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
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
