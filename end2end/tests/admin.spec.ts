import { expect, test } from '@playwright/test';
import path from 'node:path';
import { ADMIN_PASSWORD, ADMIN_PHONE, beijingMinutesAgo, beijingWeekday, signIn, submitLogin } from './admin-helpers';
import { jsEnabled, shot, waitForHydration } from './helpers';

test('a signed-out visitor who opens /admin is sent to sign in, and back after', async ({ page }, testInfo) => {
  const res = await page.goto('/admin/audit');
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?next=\/admin\/audit$/);
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await shot(page, testInfo, 'login');

  await submitLogin(page, testInfo, ADMIN_PHONE, 'not the password');
  await expect(page).toHaveURL(/\/login\?error=wrong/);
  await expect(page.getByTestId('login-error')).toHaveText('手机号（用户名）或密码不对。');
  await expect(page.getByLabel('手机号或用户名')).toHaveValue(ADMIN_PHONE);

  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole('heading', { name: '操作记录' })).toBeVisible();
});

test('an admin sets up a council with rooms, members and a roster; a member cannot open admin', async ({
  page,
}, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the admin screens edit with JavaScript; reading them without is covered above');
  test.setTimeout(180_000);
  const run = Date.now().toString(36).slice(-5);
  const council = `新联村协商议事会${run}`;
  const hall = `xl-hall-${run}`;

  await page.goto('/admin');
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await waitForHydration(page, testInfo);
  await expect(page.getByTestId('admin-name')).toHaveText('测试管理员');
  await page.getByRole('link', { name: '新建议事会' }).click();

  // The council, in a new village under 三塬镇.
  await expect(page.getByRole('heading', { name: '新建议事会' })).toBeVisible();
  await page.getByLabel('名称', { exact: true }).fill(council);
  await page.getByLabel('类型').selectOption({ label: '村协商议事会' });
  await page.getByLabel('所在地区').selectOption({ label: '甘肃省 › 临夏回族自治州 › 永靖县 › 三塬镇（镇/街道）' });
  await page.getByLabel('在所选地区下新建一级（可选）').fill('新联村');
  await page.getByLabel('查询码字母').fill('xl');
  await page.getByLabel('联系指导的政协领导').fill('王副主席');
  await shot(page, testInfo, 'admin-new-council');
  await page.getByRole('button', { name: '创建议事会' }).click();
  await expect(page).toHaveURL(/\/admin\/councils\/\w+\/rooms$/);
  await expect(page.getByTestId('council-title')).toHaveText(council);

  // Two rooms; a code taken by another council's room is refused with the reason.
  const addRoom = async (code: string, name: string) => {
    await page.getByLabel('编号（印在二维码上，创建后不能修改）').fill(code);
    await page.getByLabel('名称', { exact: true }).fill(name);
    await page.getByLabel('地址').fill('新联村村委会');
    await page.getByLabel('纬度').fill('35.95');
    await page.getByLabel('经度').fill('103.30');
    await page.getByLabel('接待时间').fill('每周五上午 9:00-12:00');
    await page.getByRole('button', { name: '添加议事室' }).click();
  };
  await addRoom('sy-dongfeng', '重复的议事室');
  await expect(page.getByRole('alert').filter({ hasText: '已经被使用过了' })).toBeVisible();
  await addRoom(hall, '新联村议事厅');
  await expect(page.getByTestId('rooms')).toContainText('新联村议事厅');
  await addRoom(`xl-yard-${run}`, '新联村院坝');
  await expect(page.getByTestId('rooms')).toContainText('新联村院坝');
  await shot(page, testInfo, 'admin-rooms');

  // Three members with their roles.
  await page.getByRole('link', { name: '委员', exact: true }).click();
  await expect(page.getByRole('heading', { name: '添加委员' })).toBeVisible();
  const addMember = async (name: string, role: string, phone: string) => {
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('界别', { exact: true }).selectOption({ label: '教育' });
    await page.getByLabel('职务', { exact: true }).selectOption({ label: role });
    await page.getByLabel('手机').fill(phone);
    await page.getByRole('button', { name: '添加委员' }).click();
    await expect(page.getByTestId('member').filter({ hasText: name })).toBeVisible();
  };
  await addMember('张站长', '站长', '13855550001');
  await addMember('李联络', '联络员', '13855550002');
  await addMember('王委员', '委员', '13855550003');
  // A second head is refused.
  await page.getByLabel('姓名').fill('赵第二');
  await page.getByLabel('职务', { exact: true }).selectOption({ label: '站长' });
  await page.getByLabel('手机').fill('');
  await page.getByRole('button', { name: '添加委员' }).click();
  await expect(page.getByText('站长的人数已满')).toBeVisible();
  await shot(page, testInfo, 'admin-members');

  // A weekly reception day at the hall, today's weekday, 李联络 first.
  await page.getByRole('link', { name: '值班表' }).click();
  const roster = page.getByTestId('roster').filter({ hasText: '新联村议事厅' });
  await roster.getByText('添加每周接待').first().click();
  await roster.getByLabel('星期').selectOption({ label: beijingWeekday() });
  await roster.getByLabel('李联络').check();
  await roster.getByLabel('张站长').check();
  await roster.getByRole('button', { name: '添加每周接待' }).click();
  const first = roster.getByTestId('duty-slots').locator('li').first();
  await expect(first).toContainText('今天');
  await expect(first).toContainText('李联络');
  await expect(roster.getByTestId('duty-slots').locator('li').nth(1)).toContainText('张站长');
  await shot(page, testInfo, 'admin-roster');

  // The public room page says who is on duty today.
  await page.goto(`/r/${hall}`);
  await expect(page.getByTestId('on-duty')).toContainText('今天值班委员');
  await expect(page.getByTestId('on-duty')).toContainText('李联络');
  await shot(page, testInfo, 'room-on-duty');

  // The audit log has every step.
  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-entry').filter({ hasText: '添加接待安排' })).toHaveCount(1);
  await expect(page.getByTestId('audit-entry').filter({ hasText: '新建议事室' }).first()).toBeVisible();

  // 王委员 gets a one-time code, signs in, must choose a password, and cannot open admin.
  await page.goto('/admin');
  await waitForHydration(page, testInfo);
  await page.getByRole('link', { name: council }).click();
  await page.getByRole('link', { name: '委员', exact: true }).click();
  await page.getByTestId('member').filter({ hasText: '王委员' }).getByRole('button', { name: '发放登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);

  await signIn(page, testInfo, '138 5555 0003', code);
  await expect(page).toHaveURL(/\/account\/password/);
  await waitForHydration(page, testInfo);
  await page.getByLabel('当前密码').fill(code);
  await page.getByLabel('新密码（至少 8 位）').fill('王委员的新密码2026');
  await page.getByLabel('再输入一次新密码').fill('王委员的新密码2026');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('password-saved')).toBeVisible();
  // A member has no admin screens: /admin leads to their own work, where they enter a concern
  // met on a visit for the council they belong to.
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/work$/);
  await waitForHydration(page, testInfo);
  await expect(page.getByTestId('work-name')).toHaveText('王委员');
  const raise = page.getByTestId('raise-for-council');
  await expect(raise.getByLabel('议事会', { exact: true })).toContainText(council);
  await raise.getByLabel('议事室', { exact: true }).selectOption(hall);
  await raise.getByLabel('标题').fill('巷道里没有路灯');
  await raise.getByLabel('详细情况').fill('走访时马大爷说，三社巷道晚上漆黑一片，老人不敢出门。');
  await raise.getByLabel('姓名（选填）').fill('马大爷');
  await raise.getByLabel('手机号（选填）').fill('139 0000 5678');
  await raise.getByLabel('纬度').fill('35.9312');
  await raise.getByLabel('经度').fill('103.3205');
  await raise.getByLabel(/居民同意由委员代为反映/).check();
  await raise.getByRole('button', { name: '登记' }).click();
  await expect(raise.getByTestId('raised')).toContainText(/已登记，查询码：\s*[A-Z]{2,4}-\d{5}-\d{5}-\d{5}/);
  await shot(page, testInfo, 'member-work');

  // 王委员 records a legal-aid morning and finds it counted on their duty record.
  await page.getByTestId('to-activities').click();
  await expect(page).toHaveURL(/\/activities$/);
  await waitForHydration(page, testInfo);
  const activity = page.getByTestId('new-activity');
  await activity.getByLabel('委员会').selectOption({ label: council });
  await activity.getByLabel('活动类别').selectOption('legal');
  await activity.getByLabel('活动名称').fill('法律咨询进村');
  await activity.getByLabel('活动时间').fill(beijingMinutesAgo(24 * 60));
  await activity.getByLabel('地点：委员工作室（可不选）').selectOption(hall);
  await activity.getByTestId('members-present').getByLabel('王委员').check();
  await activity.getByLabel('服务群众（人次）').fill('30');
  // Legal aid counts consultations and aid, not disputes.
  await expect(activity.getByLabel('化解纠纷件数')).toHaveCount(0);
  await activity.getByLabel('咨询人次').fill('24');
  await activity.getByLabel('援助件数').fill('2');
  await activity.getByRole('button', { name: '保存活动' }).click();
  await expect(page).toHaveURL(/\/activities\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('served')).toContainText('30');
  await expect(page.getByTestId('present')).toContainText('王委员');
  // Two photos of the morning, made small on the phone and sent in chunks.
  const photos = page.getByTestId('photos');
  await photos.getByTestId('photo-input').setInputFiles([
    path.join(__dirname, '..', 'fixtures', 'lane.png'),
    path.join(__dirname, '..', 'fixtures', 'field.png'),
  ]);
  await expect(photos.getByTestId('photo-state')).toHaveCount(2);
  for (const state of await photos.getByTestId('photo-state').all()) {
    await expect(state).toContainText('已上传 ✓', { timeout: 30_000 });
  }
  await page.reload();
  await expect(page.getByTestId('activity-photos').locator('img')).toHaveCount(2);
  await shot(page, testInfo, 'activity');
  await page.goto('/work');
  await waitForHydration(page, testInfo);
  await page.getByTestId('to-record').click();
  await expect(page.getByTestId('duty-record')).toContainText('王委员');
  const counts = page.getByTestId('record-counts');
  await expect(counts.getByRole('row', { name: /参加活动/ })).toContainText('1');
  await expect(counts.getByRole('row', { name: /服务群众/ })).toContainText('30');
  await expect(page.locator('#activities')).toContainText('法律咨询进村');
  await shot(page, testInfo, 'duty-record');

  // No signal: a second activity waits on the phone, and is sent once the signal returns.
  await page.goto('/activities');
  await waitForHydration(page, testInfo);
  await page.context().setOffline(true);
  const offline = page.getByTestId('new-activity');
  await offline.getByLabel('委员会').selectOption({ label: council });
  await offline.getByLabel('活动类别').selectOption('dispute');
  await offline.getByLabel('活动名称').fill('调解宅基地边界纠纷');
  await offline.getByLabel('活动时间').fill(beijingMinutesAgo(120));
  await offline.getByTestId('members-present').getByLabel('王委员').check();
  await offline.getByLabel('化解纠纷件数').fill('1');
  // Two photos taken in the field, with no signal: kept on the phone with the activity.
  await offline.getByTestId('activity-photo-input').setInputFiles([
    path.join(__dirname, '..', 'fixtures', 'lane.png'),
    path.join(__dirname, '..', 'fixtures', 'field.png'),
  ]);
  await expect(offline.getByTestId('activity-form-photos')).toContainText('（2）');
  await offline.getByRole('button', { name: '保存活动' }).click();
  await expect(page.getByTestId('kept-offline')).toBeVisible();
  await expect(page.getByTestId('waiting')).toContainText('调解宅基地边界纠纷');
  await expect(page.getByTestId('waiting-photos')).toContainText('2 张');
  await expect(offline.getByLabel('活动名称')).toHaveValue('');
  await shot(page, testInfo, 'activity-offline');
  await page.context().setOffline(false);
  // Nothing waits once the activity and both its photos are in.
  await expect(page.getByTestId('waiting')).toHaveCount(0, { timeout: 40_000 });
  await expect(page.getByTestId('activity-list')).toContainText('调解宅基地边界纠纷');
  // The activity arrived first, then its photos.
  await page.getByTestId('activity-list').getByRole('link', { name: /调解宅基地边界纠纷/ }).click();
  await expect(page.getByTestId('activity-photos').locator('img')).toHaveCount(2);
  await shot(page, testInfo, 'activity-offline-photos');
  await page.goto('/work');
  await waitForHydration(page, testInfo);
  await page.getByTestId('to-record').click();
  await expect(page.getByTestId('record-counts').getByRole('row', { name: /参加活动/ })).toContainText('2');
  await expect(page.getByTestId('record-counts').getByRole('row', { name: /化解纠纷件数/ })).toContainText('1');
  const forbidden = await page.goto('/admin/audit');
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('没有权限');
});

test('without JavaScript an admin can sign in and read the admin home', async ({ page }, testInfo) => {
  test.skip(jsEnabled(testInfo), 'the JavaScript project covers the same sign-in above');
  await page.goto('/admin');
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('admin-name')).toHaveText('测试管理员');
  await expect(page.getByTestId('admin-councils')).toContainText('东风村协商议事会');
  await shot(page, testInfo, 'admin-home');
});
