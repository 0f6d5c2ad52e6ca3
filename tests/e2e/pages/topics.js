// Page objects for 话题互动: the topic list and a topic page (poll, composer, posts).
import { expect } from '@playwright/test';
import { AppPage, LoginPage } from './app.js';

export class TopicPage extends AppPage {
  constructor(page) {
    super(page);
    this.title = page.getByTestId('topic-title');
    this.poll = page.getByTestId('poll');
    this.composer = page.getByRole('textbox', { name: '参与讨论' });
    this.publish = page.getByRole('button', { name: '发布', exact: true });
    this.composerError = page.locator('#composer-error');
    this.posts = page.getByTestId('posts').getByTestId('post');
  }

  /** Opens the list and then the first open topic with a poll; returns its path. */
  async openTopicWithPoll() {
    await this.goto('/topics');
    const card = this.page.getByTestId('topics').getByRole('link').filter({ hasText: '投票' }).filter({ hasNotText: '已结束' }).first();
    await card.click();
    await expect(this.title).toBeVisible();
    return new URL(this.page.url()).pathname;
  }

  /** Logs in with a phone of its own (posts are rate-limited per user) and comes back. */
  async logInAndReturn(path, phone) {
    await this.goto(`/login?next=${encodeURIComponent(path)}`);
    await new LoginPage(this.page).logIn(phone);
    await expect(this.page).toHaveURL(new RegExp(`${path}$`));
    await expect(this.title).toBeVisible();
  }

  async post(text) {
    await this.composer.fill(text);
    await this.publish.click();
  }
}
