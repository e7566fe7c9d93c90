import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { jsEnabled, shot, waitForHydration } from './helpers';

// What a station did, read with or without JavaScript: a room's 工作动态 for residents, and a
// member's duty record (履职档案) for the annual evaluation.

test('a room page lists the activities its council chose to show', async ({ page }, testInfo) => {
  await page.goto('/r/sy-dongfeng');
  const news = page.getByTestId('room-news');
  await expect(news.getByRole('heading', { name: '工作动态' })).toBeVisible();
  expect(await news.locator('li').count()).toBeGreaterThan(0);
  // Counts only: never who was there by name on a public page.
  await expect(news).toContainText('服务群众');
  await news.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'room-news');
});

test('a duty record shows each count and the records behind it', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  // 东风村's head, this year, as the system admin reads it.
  const response = await page.goto('/members/sy_06/record');
  expect(response?.status()).toBe(200);
  const record = page.getByTestId('duty-record');
  await expect(record.getByRole('heading', { level: 1 })).toContainText('王德明');
  const activities = page.getByTestId('record-counts').getByRole('row', { name: /参加活动/ });
  const count = Number((await activities.locator('a').textContent())?.trim());
  expect(count).toBeGreaterThan(0);
  // The figure is the number of activities listed under it, each a link to its record.
  await expect(page.locator('#activities tbody tr')).toHaveCount(count);
  await activities.locator('a').click();
  await expect(page).toHaveURL(/#activities$/);
  await shot(page, testInfo, 'duty-record-demo');
  // Another year is one link away and needs no script.
  await page.getByRole('link', { name: /^\d{4}年$/ }).first().click();
  await expect(page).toHaveURL(/year=\d{4}/);
});

test('a liaison records a reception day nobody recorded', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the reception form needs JavaScript: it is kept on the phone first');
  // The system admin hands 东风村's liaison, 罗小燕, a one-time code.
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/admin/councils/sy_dongfeng/members');
  await waitForHydration(page, testInfo);
  await page.getByTestId('member').filter({ hasText: '罗小燕' }).getByRole('button', { name: '发放登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await signIn(page, testInfo, '13900001007', code);
  await expect(page).toHaveURL(/\/account\/password/);
  await waitForHydration(page, testInfo);
  await page.getByLabel('当前密码').fill(code);
  await page.getByLabel('新密码（至少 8 位）').fill('罗小燕的新密码2026');
  await page.getByLabel('再输入一次新密码').fill('罗小燕的新密码2026');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('password-saved')).toBeVisible();

  await page.goto('/receptions');
  await waitForHydration(page, testInfo);
  const missing = page.getByTestId('unrecorded-receptions').getByTestId('reception-slot').first();
  await expect(missing).toContainText('王德明');
  const form = missing.getByTestId('reception-form');
  await form.getByLabel('来访群众（人）').fill('2');
  await form.getByRole('button', { name: '＋ 记一件事' }).click();
  await form.getByLabel('第几位的处理方式 1').selectOption('case');
  await form.getByLabel('什么事（选填） 1').fill('村道坑洼需要修补');
  await shot(page, testInfo, 'reception-form');
  const before = await page.getByTestId('unrecorded-receptions').getByTestId('reception-slot').count();
  await form.getByRole('button', { name: '保存接待记录' }).click();
  await expect(page.getByTestId('unrecorded-receptions').getByTestId('reception-slot')).toHaveCount(before - 1);
  await shot(page, testInfo, 'receptions');
});
