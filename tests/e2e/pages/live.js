// Page objects for 直播: the list (tabs, days, theme) and the watch page.
import { expect } from '@playwright/test';
import { AppPage } from './app.js';

export class LiveListPage extends AppPage {
  constructor(page) {
    super(page);
    this.tabs = page.getByRole('navigation', { name: '直播分类' });
    this.days = page.getByRole('list', { name: '按日期' });
    this.theme = page.getByLabel('按主题筛选');
    this.cards = page.getByTestId('streams').locator('.live-card');
  }
  async open(query = '') {
    await this.goto(`/live${query}`);
  }
  tab(name) {
    return this.tabs.getByRole('link', { name });
  }
  day(label) {
    return this.days.getByRole('link', { name: new RegExp(`^${label}`) });
  }
  async expectCurrentTab(name) {
    await expect(this.tab(name)).toHaveAttribute('aria-current', 'page');
  }
}

export class WatchPage extends AppPage {
  constructor(page) {
    super(page);
    this.title = page.getByTestId('stream-title');
    this.video = page.locator('video.player__video');
    this.countdown = page.locator('.watch-head').getByTestId('countdown');
  }
}
