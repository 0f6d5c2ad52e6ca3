// 活动回顾 (issue 17) on a phone: the dev organiser's published activity that started yesterday
// (set up through the API: a draft, submitted, approved by the Beijing reviewer) gets two photos
// and a titled news link in the results editor — an http:// link and a missing title are told
// next to their fields, a reload keeps what was typed — and once saved the public activity
// carries them (its photo files are served). axe on the editor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { test, expect } from '../fixtures.js';
import { apiSession, logInAs, shot } from '../pages/app.js';

const ORGANISER = '13800000001';
const BEIJING_REVIEWER = '13800000002';
const TITLE = '鲎血蓝科学开放日';
const LINK_TITLE = '北京日报：鲎血蓝科学开放日走进海淀';
const LINK_URL = 'https://news.example.cn/2021/09/12/horseshoe-crab.html';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-results-'));
const photos = ['photo-1.png', 'photo-2.jpg'].map((f) => path.join(dir, f));
test.beforeAll(() => {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x0e7490:s=800x600',
    '-frames:v', '1', photos[0]]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xb45309:s=640x480',
    '-frames:v', '1', photos[1]]);
});

async function auth(request, phone) {
  return { Authorization: `Bearer ${(await apiSession(request, phone)).token}` };
}

/** A finished tus upload of `file` by `who`; its id. */
async function apiUpload(request, who, file) {
  const bytes = fs.readFileSync(file);
  const tus = { 'Tus-Resumable': '1.0.0' };
  const created = await request.post('/api/v1/uploads', { headers: { ...who, ...tus, 'Upload-Length': String(bytes.length) } });
  expect(created.status()).toBe(201);
  const location = created.headers().location;
  const patched = await request.patch(location, {
    headers: { ...who, ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    data: bytes,
  });
  expect(patched.status()).toBe(204);
  return location.split('/').pop();
}

/** The organiser's activity on 9月12日 (the e2e clock reads 9月13日), published; its id. */
async function publishedYesterday(request) {
  const organiser = await auth(request, ORGANISER);
  const cover = await apiUpload(request, organiser, photos[0]);
  const draft = await request.post('/api/v1/organiser/activities', {
    headers: { ...organiser, 'Idempotency-Key': crypto.randomUUID() },
    data: {
      unit_id: 'unit_000001', title: TITLE, summary: '认识鲎的蓝色血液与医学检测。',
      description: '科学家讲解鲎试剂的原理。', event_kind: 'open-day', themes: ['space'],
      audience: '10岁以上青少年及家长', format: 'hybrid', venue_name: '海淀区青少年科技馆',
      venue_address: '北京市海淀区中关村大街1号', province_code: '110000', city_code: '110108',
      capacity: 120, online_url: 'https://live.example.org/crab',
      starts_at: '2021-09-12T14:00:00+08:00', ends_at: '2021-09-12T16:00:00+08:00',
      cover_upload_id: cover, marks_confirmed: true,
    },
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const { id } = await draft.json();
  const submitted = await request.post(`/api/v1/organiser/activities/${id}/submit`, {
    headers: { ...organiser, 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const reviewer = await auth(request, BEIJING_REVIEWER);
  const approved = await request.post(`/api/v1/review/activities/${id}/decision`, {
    headers: { ...reviewer, 'Idempotency-Key': crypto.randomUUID() }, data: { decision: 'approve' },
  });
  expect(approved.status(), await approved.text()).toBe(200);
  return id;
}

test('an organiser adds photos and a news link to a past activity and the public activity has them', async ({ page, request }) => {
  test.setTimeout(120_000);
  const id = await publishedYesterday(request);
  const app = await logInAs(page, ORGANISER, '/organiser', { clearStorage: true });
  const row = page.getByTestId('org-activity').filter({ hasText: TITLE });
  await row.getByRole('link', { name: '活动回顾' }).click();
  await expect(page).toHaveURL(new RegExp(`/organiser/activities/${id}/results$`));
  await expect(page.getByTestId('results-activity')).toHaveText(TITLE);
  await expect(page.getByTestId('results-photos')).toContainText('还没有照片');
  await app.expectAccessible();

  // Two photos, uploaded as soon as they are picked.
  await page.getByTestId('photos-input').setInputFiles(photos);
  await expect(page.getByTestId('results-photo').locator('img')).toHaveCount(2);
  await expect(page.locator('#photos-status')).toBeEmpty();

  // A link with no title and an http:// address: told next to each field, nothing sent.
  await page.getByTestId('add-link').click();
  await page.getByLabel('报道 1 网址').fill('http://news.example.cn/a.html');
  await page.getByTestId('save-results').click();
  await expect(page.locator('#link-0-title-error')).toHaveText('请填写新闻标题');
  await expect(page.locator('#link-0-url-error')).toHaveText('网址须以 https:// 开头');
  await expect(page.getByLabel('报道 1 网址')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'results-01-link-errors');
  await app.expectAccessible();
  await page.getByLabel('报道 1 标题').fill(LINK_TITLE);
  await page.getByLabel('报道 1 网址').fill(LINK_URL);
  await page.getByLabel('线下实际参与人数').fill('186');

  // A reload keeps everything typed (the uploads too, without their previews).
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByLabel('报道 1 标题')).toHaveValue(LINK_TITLE);
  await expect(page.getByLabel('报道 1 网址')).toHaveValue(LINK_URL);
  await expect(page.getByLabel('线下实际参与人数')).toHaveValue('186');
  await expect(page.getByTestId('results-photo')).toHaveCount(2);

  await page.getByTestId('save-results').click();
  await expect(page.getByTestId('results-state')).toHaveText('已保存');
  await expect(page.getByTestId('results-photo').locator('img')).toHaveCount(2);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await shot(page, 'results-02-saved');

  // The public activity carries them; its photo files are served.
  const activity = await (await request.get(`/api/v1/activities/${id}`)).json();
  expect(activity.results.links).toEqual([{ title: LINK_TITLE, url: LINK_URL }]);
  expect(activity.results.participants_offline).toBe(186);
  expect(activity.results.photos.map((p) => [p.width, p.height])).toEqual([[800, 600], [640, 480]]);
  for (const p of activity.results.photos) {
    expect(p.upload_id).toBeUndefined();
    const file = await request.get(p.url);
    expect(file.status()).toBe(200);
  }
  await page.goto(`/activities/${id}`);
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
  await page.goto(`/organiser/activities/${id}/results`);
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expect(page.getByLabel('报道 1 标题')).toHaveValue(LINK_TITLE);
});
