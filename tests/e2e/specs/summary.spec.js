// 工作总结 (issue 17) on a phone: the seeded organiser writes the unit's summary (a heading, a
// paragraph, a list), attaches a PDF made here, reloads (the draft is still there, from the
// server and the local copy), and submits it after a confirmation; the Beijing reviewer (the unit
// is in Beijing) sees it on the unit's review page. A file of the wrong type is refused next to
// the field. axe on each page, no horizontal scroll.
import { test, expect } from '../fixtures.js';
import fs from 'node:fs';
import { logInAs, shot } from '../pages/app.js';

const ORGANISER = '13800000001'; // unit_000001, 北京市
const BEIJING_REVIEWER = '13800000002';

// A tiny valid PDF (header, catalog, empty page tree, trailer).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
  + '2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const PARAGRAPH = '科普日期间，我馆举办了量子科技展览和青少年实验课。<b>不是HTML</b>';

test.describe.configure({ mode: 'serial' });

test('an organiser writes, attaches, reloads and submits; the reviewer reads it', async ({ page }) => {
  test.setTimeout(120_000);
  const app = await logInAs(page, ORGANISER, '/organiser');
  await page.getByTestId('unit-summary').getByRole('link', { name: '工作总结' }).click();
  await expect(page).toHaveURL(/\/organiser\/summary$/);
  await expect(page.getByRole('heading', { name: '工作总结', level: 1 })).toBeVisible();
  // The figures come from the server, read-only; the deadline is shown.
  const figures = page.getByTestId('summary-figures');
  await expect(figures).toContainText('已发布活动');
  await expect(page.getByTestId('summary-deadline')).toContainText('10月22日');
  await expect(page.getByTestId('summary-deadline')).toContainText('距截止还有');
  await expect(page.getByTestId('summary-empty')).toBeVisible();
  await app.expectAccessible();

  // Blocks: a heading, a paragraph, a list; then the list moves above the paragraph and back.
  await page.getByRole('button', { name: '+ 标题' }).click();
  await page.getByRole('textbox', { name: /^第1段 · 标题/ }).fill('总体情况');
  await page.getByRole('button', { name: '+ 正文' }).click();
  await page.getByRole('textbox', { name: /^第2段 · 正文/ }).fill(PARAGRAPH);
  await page.getByRole('button', { name: '+ 无序列表' }).click();
  await page.getByRole('textbox', { name: /^第3段 · 无序列表/ }).fill('量子科技展览\n青少年实验课');
  await page.getByRole('button', { name: '上移第3段 · 无序列表' }).click();
  await expect(page.getByRole('textbox', { name: /^第2段 · 无序列表/ })).toHaveValue('量子科技展览\n青少年实验课');
  await page.getByRole('button', { name: '下移第2段 · 无序列表' }).click();
  await expect(page.getByRole('textbox', { name: /^第3段 · 无序列表/ })).toBeVisible();
  for (const b of await page.locator('.summary-block__tools .button').all()) {
    const box = await b.boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
  }

  // A file that is not a document is refused next to the field; the PDF is uploaded.
  const input = page.getByTestId('summary-file-input');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.locator('#files-error')).toContainText('PDF');
  await input.setInputFiles({ name: '2021科普日工作总结.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('summary-files')).toContainText('2021科普日工作总结.pdf');
  await expect(page.getByTestId('save-state')).toHaveText('草稿已保存', { timeout: 15_000 });
  await app.expectNoHorizontalScroll();
  await shot(page, 'summary-editor');
  await app.expectAccessible();

  // A reload keeps everything.
  await page.reload();
  await expect(page.getByRole('textbox', { name: /^第1段 · 标题/ })).toHaveValue('总体情况');
  await expect(page.getByRole('textbox', { name: /^第2段 · 正文/ })).toHaveValue(PARAGRAPH);
  await expect(page.getByRole('textbox', { name: /^第3段 · 无序列表/ })).toHaveValue('量子科技展览\n青少年实验课');
  await expect(page.getByTestId('summary-files')).toContainText('2021科普日工作总结.pdf');

  // Submitting asks first; afterwards the summary is read-only, its markup shown as text.
  await page.getByTestId('summary-submit').click();
  await expect(page.getByRole('alertdialog')).toContainText('提交后不能再修改');
  await app.expectAccessible();
  await page.getByTestId('summary-confirm').click();
  await expect(page.getByTestId('summary-submitted')).toContainText('工作总结已提交');
  const text = page.getByTestId('summary-text');
  await expect(text.getByRole('heading', { name: '总体情况' })).toBeVisible();
  await expect(text).toContainText('<b>不是HTML</b>');
  await expect(text.locator('b')).toHaveCount(0);
  await expect(text.locator('ul li')).toHaveCount(2);
  await expect(page.getByTestId('summary-submit')).toHaveCount(0);
  await shot(page, 'summary-submitted');
  await app.expectAccessible();

  // The Beijing reviewer reads it on the unit's page.
  const review = await logInAs(page, BEIJING_REVIEWER, '/review/units/unit_000001');
  const section = page.getByTestId('review-summary');
  await expect(section.getByTestId('summary-figures')).toContainText('已发布活动');
  await expect(section.getByTestId('summary-text')).toContainText('科普日期间，我馆举办了量子科技展览');
  await expect(section).toContainText('2021科普日工作总结.pdf');
  // 下载 fetches the attachment with the reviewer's token and saves it under its name, the
  // same bytes that were uploaded.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: '下载附件 2021科普日工作总结.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('2021科普日工作总结.pdf');
  const saved = fs.readFileSync(await download.path());
  expect(saved.equals(PDF)).toBe(true);
  await review.expectNoHorizontalScroll();
  await shot(page, 'summary-review');
  await review.expectAccessible();
});
