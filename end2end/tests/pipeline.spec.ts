import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { fillConcern, jsEnabled, newConcern, openConcernForm, shot, submitConcern, waitForHydration } from './helpers';

/** Choose a step on the staff case page, write its note, confirm, and wait for the new stage. */
async function takeStep(page: Page, step: string, stage: RegExp, note = ''): Promise<void> {
  await page.getByRole('group', { name: '下一步' }).getByRole('button', { name: step, exact: true }).click();
  const form = page.getByTestId('step-form');
  if (note) await form.locator('textarea[name="note"]').fill(note);
  await form.getByRole('button', { name: `确认：${step}` }).click();
  await expect(page.getByTestId('staff-case-status')).toHaveText(stage);
}

test('a resident’s concern is screened, approved through three levels, consulted and fed back', async ({ browser, page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the staff screens need JavaScript; the resident part is covered without it elsewhere');
  // The resident raises it at 东风村.
  const concern = newConcern(testInfo);
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  const code = await submitConcern(page, form, testInfo);

  // The liaison finds it waiting for screening and takes it through the chain.
  const staff = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signIn(staff, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await staff.goto('/admin/councils/sy_dongfeng/cases');
  await waitForHydration(staff, testInfo);
  await staff.getByTestId('queue-to-screen').getByRole('link', { name: new RegExp(code) }).click();
  await waitForHydration(staff, testInfo);
  await expect(staff.getByText(concern.phone)).toBeVisible(); // the council may call back
  await takeStep(staff, '列为协商议题', /议题审议中：村议事会初审/);
  await takeStep(staff, '审议通过', /议题审议中：镇工作站审核/, '内部意见：先问问水电站');
  await takeStep(staff, '审议通过', /议题审议中：县政协主席会议审定/);
  await takeStep(staff, '审议通过', /调研中/);
  await takeStep(staff, '调研完成，开始协商', /协商中/);
  await takeStep(staff, '公布协商建议，交付落实', /落实中/);
  // Feedback must say what was done.
  await staff.getByRole('group', { name: '下一步' }).getByRole('button', { name: '反馈办理结果' }).click();
  await staff.getByTestId('step-form').getByRole('button', { name: '确认：反馈办理结果' }).click();
  await expect(staff.getByText('这一步需要写明理由或答复内容')).toBeVisible();
  await takeStep(staff, '反馈办理结果', /已反馈/, '村委会已更换路灯，本周起恢复照明。');
  await expect(staff.getByTestId('staff-history').locator('li')).toHaveCount(7);
  await shot(staff, testInfo, 'staff-case');

  // The resident's page shows each public step and the result, not the internal note nor the phone.
  await page.goto(`/c/${code}`);
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline).toContainText('列为协商议题');
  await expect(timeline).toContainText('村委会已更换路灯，本周起恢复照明。');
  await expect(page.getByTestId('case-status')).toHaveText('已反馈');
  await expect(page.locator('body')).not.toContainText('内部意见');
  await expect(page.locator('body')).not.toContainText(concern.phone);
  await shot(page, testInfo, 'case-timeline');
  await staff.close();
});

test('a resident rates the result by the tracking code, with or without JavaScript', async ({ page }, testInfo) => {
  const code = 'NS-2026-273153'; // the demo's shared-bike case, already fed back
  await page.goto(`/c/${code}`);
  await waitForHydration(page, testInfo);
  await expect(page.getByTestId('case-timeline')).toContainText('划定共享单车停放区');
  const choice = jsEnabled(testInfo) ? '满意' : '基本满意';
  const rating = page.getByTestId('rating');
  await rating.getByLabel(choice, { exact: true }).check();
  await rating.getByLabel('想说的话（选填）').fill(`早晚高峰好多了（${testInfo.project.name}）`);
  await rating.getByRole('button', { name: '提交评价' }).click();
  if (jsEnabled(testInfo)) {
    await expect(page.getByTestId('rating-thanks')).toBeVisible();
  } else {
    await page.waitForURL(new RegExp(`/c/${code}`));
  }
  await page.goto(`/c/${code}`);
  await expect(page.getByTestId('rating-given')).toContainText(`您的评价：${choice}`);
  await shot(page, testInfo, 'case-rated');
});
