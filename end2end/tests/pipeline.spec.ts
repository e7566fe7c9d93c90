import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, newAccount, signIn } from './admin-helpers';
import { fillConcern, jsEnabled, newConcern, openConcernForm, codesTo, shot, smsCode, submitConcern, waitForHydration } from './helpers';

/** Choose a step on the staff case page, write its note, confirm, and wait for the new stage. */
async function takeStep(page: Page, step: string, stage: RegExp, note = ''): Promise<void> {
  await page.getByRole('group', { name: '下一步' }).getByRole('button', { name: step, exact: true }).click();
  const form = page.getByTestId('step-form');
  if (note) await form.locator('textarea[name="note"]').fill(note);
  await form.getByRole('button', { name: `确认：${step}` }).click();
  await expect(page.getByTestId('staff-case-status')).toHaveText(stage);
}

/** Choose a step and fill in its form, without confirming yet. */
async function chooseStep(page: Page, step: string): Promise<Locator> {
  await page.getByRole('group', { name: '下一步' }).getByRole('button', { name: step, exact: true }).click();
  return page.getByTestId('step-form');
}

test('a concern goes round the whole loop: screened, approved, researched, consulted, assigned, reported, fed back and rated', async ({ browser, page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the staff screens need JavaScript; the resident part is covered without it elsewhere');
  test.setTimeout(180_000);
  // The resident raises it at 东风村.
  const concern = newConcern(testInfo);
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  const code = await submitConcern(page, form, testInfo);

  // The admin gives 三塬镇农业农村办 an account: a one-time code for its clerk.
  const staff = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signIn(staff, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await staff.goto('/admin/accounts');
  await waitForHydration(staff, testInfo);
  const clerkPhone = `137${Date.now().toString().slice(-8)}`;
  const accountForm = staff.getByTestId('account-form');
  await accountForm.getByLabel('姓名', { exact: true }).fill('农业办小李');
  await accountForm.getByLabel('手机号', { exact: true }).fill(clerkPhone);
  await accountForm.getByLabel('账号类型').selectOption('department');
  await accountForm.getByLabel('所辖地区').selectOption('sanyuan');
  await accountForm.getByLabel('部门名称').fill('三塬镇农业农村办');
  await accountForm.getByRole('button', { name: '创建并生成登录码' }).click();
  const oneTime = (await staff.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(oneTime).toMatch(/^[A-Z2-9]{12}$/);

  // The liaison finds the concern waiting for screening.
  await staff.goto('/admin/councils/sy_dongfeng/cases');
  await waitForHydration(staff, testInfo);
  await staff.getByTestId('queue-to-screen').getByRole('link', { name: new RegExp(code) }).click();
  await waitForHydration(staff, testInfo);
  await expect(staff.getByText(concern.phone)).toBeVisible(); // the council may call back

  // 六议六不议: one reason to consult, none of the six not to.
  let step = await chooseStep(staff, '列为协商议题');
  await step.getByRole('button', { name: '确认：列为协商议题' }).click();
  await expect(step.getByText('请至少勾选一项“值得议”的理由。')).toBeVisible();
  await step.getByTestId('worth').getByLabel('涉及群众切身利益的事').check();
  await step.getByRole('button', { name: '确认：列为协商议题' }).click();
  await expect(staff.getByTestId('staff-case-status')).toHaveText(/议题审议中：镇街初筛/);
  await expect(staff.getByTestId('screening')).toHaveText('涉及群众切身利益的事');
  // 三级会审: the town's station screens first (the admin manages it, so its desk decides).
  await expect(staff.getByTestId('staff-case-reviewer')).toContainText('三塬镇政协委员工作站');
  await takeStep(staff, '审议通过', /议题审议中：联系委室审核/, '内部意见：先问问供电所');
  // The county's levels are not the village's to click: its committee's staff and the chair
  // meeting's secretariat decide from their own queues, each seeing it once it reached them.
  await expect(staff.getByTestId('staff-case-reviewer')).toContainText('县政协社会和法制委员会');
  await expect(staff.getByRole('button', { name: '审议通过', exact: true })).toHaveCount(0);
  const stamp = Date.now().toString().slice(-7);
  for (const [kind, body, name] of [
    ['committee', '县政协社会和法制委员会', '社法委干部'],
    ['secretariat', '县政协主席会议', '主席会议秘书'],
  ]) {
    const reviewer = await browser.newPage({ viewport: { width: 360, height: 780 } });
    const login = { phone: `136${kind === 'committee' ? '1' : '2'}${stamp}`, password: `${name}的密码2026` };
    await newAccount(reviewer, testInfo, name, login, kind, 'yongjing', body);
    await reviewer.goto('/review');
    await waitForHydration(reviewer, testInfo);
    await reviewer.getByTestId('review-waiting').locator(`a[href="/review/${code}"]`).click();
    await expect(reviewer.getByTestId('review-chain')).toContainText(body);
    await expect(reviewer.getByTestId('review-history')).toContainText('内部意见：先问问供电所');
    await expect(reviewer.locator('body')).not.toContainText(concern.phone);
    if (kind === 'committee') await shot(reviewer, testInfo, 'review-topic');
    await reviewer.getByTestId('review-approve').getByRole('button', { name: '审议通过' }).click();
    await expect(reviewer.getByTestId('review-decide')).toHaveCount(0);
    await reviewer.goto('/review');
    await expect(reviewer.getByTestId('review-decided')).toContainText(concern.title);
    await reviewer.close();
  }
  await staff.reload();
  await waitForHydration(staff, testInfo);
  await expect(staff.getByTestId('staff-case-status')).toHaveText(/调研中/);

  // 不调研不协商.
  const research = staff.getByTestId('research-form');
  await research.getByLabel('看到和听到的情况').fill('晚上去村口看了，三盏灯都不亮，学生晚自习回家要经过。');
  await research.getByRole('button', { name: '添加调研记录' }).click();
  await expect(staff.getByTestId('research')).toContainText('三盏灯都不亮');
  await takeStep(staff, '调研完成，开始协商', /协商中/);

  // The 协商建议清单, published.
  const recommendation = staff.getByTestId('recommendation-form');
  await recommendation.getByLabel('建议内容').fill('请供电所一周内更换村口三盏路灯');
  await recommendation.getByRole('button', { name: '保存建议' }).click();
  await expect(staff.getByTestId('recommendation')).toHaveCount(1);
  await takeStep(staff, '公布协商建议，交付落实', /落实中/);

  // The 责任落实清单: the department, an owner, a deadline.
  const assign = staff.getByTestId('assignment-form');
  await assign.getByLabel('落实哪一条建议').selectOption({ index: 1 });
  await assign.getByLabel('责任单位').selectOption('sy_nongye');
  await assign.getByLabel('责任人', { exact: true }).fill('马所长');
  await assign.getByLabel('任务', { exact: true }).fill('更换村口三盏路灯');
  await assign.getByLabel('完成时限').fill('2099-12-31');
  await assign.getByRole('button', { name: '交办' }).click();
  await expect(staff.getByTestId('assignment')).toContainText('已交办');
  await expect(staff.getByTestId('assignment')).toContainText('三塬镇农业农村办');
  // Feedback waits for the department.
  step = await chooseStep(staff, '反馈办理结果');
  await step.locator('textarea[name="note"]').fill('路灯已修好');
  await step.getByRole('button', { name: '确认：反馈办理结果' }).click();
  await expect(step.getByText('还有 1 项任务没有办结')).toBeVisible();

  // The department's clerk signs in for the first time, sees the task and reports it done.
  const clerk = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signIn(clerk, testInfo, clerkPhone, oneTime);
  await expect(clerk).toHaveURL(/\/account\/password/);
  await waitForHydration(clerk, testInfo);
  await clerk.getByLabel('当前密码').fill(oneTime);
  await clerk.getByLabel('新密码（至少 8 位）').fill('农业办的新密码2026');
  await clerk.getByLabel('再输入一次新密码').fill('农业办的新密码2026');
  await clerk.getByRole('button', { name: '保存' }).click();
  await expect(clerk.getByTestId('password-saved')).toBeVisible();
  // The assignment reached them as a notice too (站内消息), as it did by text.
  await clerk.goto('/work');
  await waitForHydration(clerk, testInfo);
  await expect(clerk.getByTestId('to-notices')).toContainText('1');
  await clerk.getByTestId('to-notices').click();
  await expect(clerk).toHaveURL(/\/notices$/);
  const notice = clerk.getByTestId('notice').filter({ hasText: code });
  await expect(notice).toContainText('交办新事项');
  await expect(notice).toContainText('未读');
  await shot(clerk, testInfo, 'notices');
  await clerk.getByTestId('mark-read').click();
  await expect(clerk).toHaveURL(/\/notices\?read=all$/);
  await expect(clerk.getByTestId('notices-marked')).toBeVisible();
  await expect(clerk.getByTestId('notice').filter({ hasText: code })).not.toContainText('未读');
  await clerk.goto('/work');
  await waitForHydration(clerk, testInfo);
  const task = clerk.getByTestId('task').filter({ hasText: code });
  await expect(task).toContainText('请供电所一周内更换村口三盏路灯');
  await task.getByLabel('办理结果').fill('11月22日已更换村口三盏路灯，恢复照明。');
  await task.getByLabel('佐证材料').fill('更换前后照片已存档');
  await shot(clerk, testInfo, 'department-task');
  await task.getByRole('button', { name: '保存办理情况' }).click();
  await expect(clerk.getByTestId('department-tasks')).toContainText('已办结的任务（1）');
  await clerk.close();

  // Back at the desk: the report is there; the result goes to the resident.
  await staff.reload();
  await waitForHydration(staff, testInfo);
  await expect(staff.getByTestId('assignment')).toContainText('11月22日已更换村口三盏路灯');
  await takeStep(staff, '反馈办理结果', /已反馈/, '供电所已更换路灯，本周起恢复照明。');
  await expect(staff.getByTestId('staff-history').locator('li')).toHaveCount(7);
  await expect(staff.getByTestId('exports').getByRole('link', { name: '导出 Excel' })).toBeVisible();
  await shot(staff, testInfo, 'staff-case');

  // The resident's page: each public step, the recommendations and results; no internal note,
  // no phone, not who at the department.
  await page.goto(`/c/${code}`);
  await waitForHydration(page, testInfo);
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline).toContainText('列为协商议题');
  await expect(timeline).toContainText('供电所已更换路灯，本周起恢复照明。');
  await expect(page.getByTestId('case-status')).toHaveText('已反馈');
  await expect(page.getByTestId('public-recommendations')).toContainText('请供电所一周内更换村口三盏路灯');
  await expect(page.getByTestId('public-results')).toContainText('11月22日已更换村口三盏路灯');
  await expect(page.getByTestId('public-recheck')).toContainText('回头看');
  for (const hidden of ['内部意见', concern.phone, '马所长']) {
    await expect(page.locator('body')).not.toContainText(hidden);
  }
  await shot(page, testInfo, 'case-timeline');
  const rating = page.getByTestId('rating');
  await rating.getByLabel('满意', { exact: true }).check();
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rating-thanks')).toBeVisible();

  // The council sees the rating.
  await staff.reload();
  await expect(staff.getByTestId('staff-rating')).toHaveText('满意');
  await staff.close();
});

test('only the resident rates the result: a stranger with the code reads it, the resident checks their phone', async ({ page }, testInfo) => {
  const code = 'NS-2026-273153'; // the demo's shared-bike case, already fed back
  await page.goto(`/c/${code}`);
  await waitForHydration(page, testInfo);
  await expect(page.getByTestId('case-timeline')).toContainText('划定共享单车停放区');
  // The 结果反馈清单 and the re-check day, server-rendered: the same without JavaScript.
  await expect(page.getByTestId('public-results')).toContainText('南山区城管和综合执法局');
  await expect(page.getByTestId('public-results')).toContainText('现场照片和企业调度记录已存档');
  await expect(page.getByTestId('public-results')).not.toContainText('李科长');
  await expect(page.getByTestId('public-recheck')).toContainText('2026-12-20');
  // Holding the code is not enough to speak for the resident.
  await expect(page.getByTestId('rating-not-yours')).toBeVisible();
  await expect(page.getByTestId('rating-form')).toHaveCount(0);
  await shot(page, testInfo, 'case-not-yours');

  // The resident proves the number they raised it with, then rates.
  const phone = '13900002273';
  const before = codesTo(phone).length;
  await page.goto('/c/find');
  await page.getByLabel('反映问题时留下的手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByTestId('find-sent')).toBeVisible();
  await page.getByLabel('短信验证码（6 位数字）').fill(await smsCode(phone, before));
  await page.getByRole('button', { name: '验证并查看' }).click();
  await expect(page).toHaveURL(/\/c\/mine$/);
  await page.goto(`/c/${code}`);
  await waitForHydration(page, testInfo);
  const choice = jsEnabled(testInfo) ? '满意' : '基本满意';
  const rating = page.getByTestId('rating');
  await rating.getByLabel(choice, { exact: true }).check();
  await rating.getByLabel('想说的话（选填）').fill(`早晚高峰好多了（${testInfo.project.name}）`);
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${code}\\?rated=1`));
  await expect(page.getByTestId('rating-thanks')).toBeVisible();
  await expect(page.getByTestId('rating-given')).toContainText(`您的评价：${choice}`);
  await shot(page, testInfo, 'case-rated');
});
