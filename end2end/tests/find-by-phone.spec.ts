import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { fillConcern, jsEnabled, newConcern, openConcernForm, shot, smsCode, smsTo, submitConcern, waitForHydration } from './helpers';

test('a resident finds their cases by phone with a one-time code, with or without JavaScript', async ({ page }, testInfo) => {
  // A number of this project's own, so the two projects' codes never mix.
  const concern = { ...newConcern(testInfo), phone: jsEnabled(testInfo) ? '13911110001' : '13911110002' };
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  const code = await submitConcern(page, form, testInfo);

  // The receipt comes by text at once, with the tracking code, as a paper slip would.
  await expect.poll(() => smsTo(concern.phone).join('\n'), { timeout: 10_000 }).toContain(code);
  expect(smsTo(concern.phone)[0]).toContain('已收到您反映的事');

  // On the case page this browser (which raised it) may stop further texts.
  await page.goto(`/c/${code}`);
  await waitForHydration(page, testInfo);
  const texts = page.getByTestId('texts');
  await expect(texts).toContainText('会发短信告诉您');
  await shot(page, testInfo, 'texts-on');
  await texts.getByTestId('stop-texts').click();
  await expect(page).toHaveURL(new RegExp(`/c/${code}\\?texts=stopped#texts$`));
  await expect(page.getByTestId('texts-stopped')).toContainText('已停止短信通知');
  await shot(page, testInfo, 'texts-stopped');

  // The tracking code is lost: the lookup page offers the phone instead.
  await page.goto('/c');
  await waitForHydration(page, testInfo);
  await page.getByTestId('find-by-phone').click();
  await expect(page).toHaveURL(/\/c\/find$/);
  await page.getByLabel('反映问题时留下的手机号').fill(concern.phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page).toHaveURL(/\/c\/find\?sent=1$/);
  await expect(page.getByTestId('find-sent')).toBeVisible();
  await shot(page, testInfo, 'find-by-phone');

  // A wrong code is told, and the code form stays.
  const sms = await smsCode(concern.phone);
  await page.getByLabel('短信验证码（6 位数字）').fill(sms === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '验证并查看' }).click();
  await expect(page.getByTestId('find-error')).toContainText('验证码不对');
  await page.getByLabel('短信验证码（6 位数字）').fill(sms);
  await page.getByRole('button', { name: '验证并查看' }).click();
  await expect(page).toHaveURL(/\/c\/mine$/);
  const mine = page.getByTestId('my-cases');
  await expect(mine).toContainText('139****0001'.replace('0001', concern.phone.slice(-4)));
  await expect(mine.getByTestId('my-case').filter({ hasText: code })).toHaveCount(1);
  await expect(mine).not.toContainText(concern.phone);
  await shot(page, testInfo, 'my-cases');

  // Done on a shared phone: leave, and the list is closed.
  await page.getByRole('button', { name: /退出查询/ }).click();
  await expect(page).toHaveURL(/\/c\/find$/);
  await page.goto('/c/mine');
  await expect(page.getByTestId('find-needed')).toBeVisible();

  // The system's admin sees the receipt and the code among the texts sent, the number masked.
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/admin');
  await page.getByTestId('texts-link').click();
  await expect(page).toHaveURL(/\/admin\/texts$/);
  const counts = page.getByTestId('text-counts');
  await expect(counts).toContainText('受理回执');
  await expect(counts).toContainText('验证码');
  await expect(page.locator('main')).not.toContainText(concern.phone);
  await shot(page, testInfo, 'admin-texts');
});
