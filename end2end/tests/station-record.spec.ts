import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, firstSignIn, memberSignsIn, signIn } from './admin-helpers';
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
  await memberSignsIn(page, testInfo, {
    council: 'sy_dongfeng', name: '罗小燕', phone: '13900001007', password: '罗小燕的新密码2026',
  });

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

test('a member writes up what visitors raised on a reception day', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the member is given an account on the admin screens, which need JavaScript');
  await memberSignsIn(page, testInfo, {
    council: 'sy_dongfeng', name: '王德明', phone: '13900001006', password: '王德明的新密码2026',
  });
  await page.goto('/receptions');
  await waitForHydration(page, testInfo);
  const recorded = page.getByTestId('my-receptions').getByTestId('reception-slot')
    .filter({ has: page.getByTestId('write-up-links') }).first();
  await recorded.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'reception-write-up');
  await recorded.getByTestId('write-up-report').click();
  await expect(page).toHaveURL(/\/reports\/new\?council=sy_dongfeng&source=reception%3A/);
  const form = page.getByTestId('report-form');
  await expect(form.getByLabel('标题')).toHaveValue(/委员接待日（王德明）/);
  await expect(form.getByLabel('基本情况')).not.toHaveValue('');
  await shot(page, testInfo, 'report-from-reception');
});

test('a member logs a contact with no signal and sees it counted once back online', async ({ page, context }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'a contact is kept on the phone first: that needs JavaScript');
  await memberSignsIn(page, testInfo, {
    council: 'sy_dongfeng', name: '王德明', phone: '13900001006', password: '王德明的新密码2026',
  });
  await page.goto('/contacts');
  await waitForHydration(page, testInfo);
  const households = page.getByTestId('my-households').getByTestId('household');
  expect(await households.count()).toBeGreaterThan(3);
  // As 东风村's head he also sees the households his members keep, with their phones.
  await expect(page.getByTestId('council-households')).toContainText('东风村');
  const progress = page.getByTestId('contacts-progress');
  const before = Number((await progress.textContent())?.match(/(\d+) \//)?.[1]);
  await shot(page, testInfo, 'contacts');

  // In a field with no signal: the contact is kept on the phone and listed as waiting.
  await context.setOffline(true);
  const first = households.first();
  await first.getByRole('button', { name: '记一次联系' }).click();
  const form = first.getByTestId('contact-form');
  await form.getByLabel('联系方式').selectOption('visit');
  await form.getByLabel('听到了什么（选填）').fill('老人腿脚不便，希望村医每月上门一次。');
  await form.getByRole('button', { name: '保存联系记录' }).click();
  await expect(first.getByTestId('kept-offline')).toBeVisible();
  await expect(page.getByTestId('waiting-item')).toHaveCount(1);
  await shot(page, testInfo, 'contact-offline');

  // Signal again: sent once, and counted.
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByTestId('waiting')).toHaveCount(0, { timeout: 15000 });
  await expect(progress).toContainText(`${before + 1} /`);
  await page.goto('/members/sy_06/record');
  const contacts = page.getByTestId('record-counts').getByRole('row', { name: /联系群众/ });
  const counted = Number((await contacts.locator('a').textContent())?.trim());
  await expect(page.locator('#contacts li')).toHaveCount(counted);
  await expect(page.locator('#contacts')).toContainText('村医每月上门');
});

test('a district admin ranks a quarter and closes it', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'creating the account and closing the quarter need JavaScript');
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/admin/accounts');
  await waitForHydration(page, testInfo);
  const form = page.getByTestId('account-form');
  await form.getByLabel('姓名').fill('永靖县政协办');
  await form.getByLabel('手机号', { exact: true }).fill('13900002001');
  await form.getByLabel('账号类型').selectOption('district');
  await form.getByLabel('所辖地区').selectOption('yongjing');
  await form.getByRole('button', { name: '创建并生成登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await firstSignIn(page, testInfo, '13900002001', code, '永靖县管理员密码2026');

  await page.goto('/admin');
  await page.getByTestId('scores-link').click();
  await expect(page).toHaveURL(/\/admin\/scores/);
  await waitForHydration(page, testInfo);
  // Last quarter, chosen in the plain form.
  await page.getByTestId('scores-filter').getByLabel('季度').selectOption({ index: 1 });
  await page.getByTestId('scores-filter').getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/quarter=\d{4}Q[1-4]/);
  const councils = page.getByTestId('council-ranking').locator('tbody tr');
  expect(await councils.count()).toBeGreaterThan(5);
  await expect(councils.first()).toContainText('1');
  const members = page.getByTestId('member-ranking').getByTestId('member-score');
  expect(await members.count()).toBeGreaterThan(10);
  const totals = await page.getByTestId('member-ranking').getByTestId('score-total').allTextContents();
  const numbers = totals.map(Number);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
  await expect(page.getByTestId('below-target')).toBeVisible();
  await shot(page, testInfo, 'scores');

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('close-quarter').click();
  await expect(page.getByTestId('quarter-state')).toContainText('已结账');
  await expect(page.getByTestId('close-quarter')).toHaveText('重新打开本季度');
  await shot(page, testInfo, 'scores-closed');
});
