import { expect, test, type Browser, type TestInfo } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, firstSignIn, memberSignsIn, signIn, signInAs, takeStep } from './admin-helpers';
import { jsEnabled, shot, waitForHydration } from './helpers';

const PHONE = { viewport: { width: 360, height: 780 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const AUTHOR = { council: 'sy_dongfeng', name: '罗小燕', phone: '13900001007', password: '罗小燕的新密码2026' };
const HEAD = { council: 'sy_dongfeng', name: '王德明', phone: '13900001006', password: '王德明的新密码2026' };

/** The accounts this journey needs, made on a phone with JavaScript (the admin screens need it):
 * 东风村's liaison and head sign in once with a one-time code; 永靖县's office and its traffic
 * bureau get an account each. */
async function setUp(
  browser: Browser,
  projectInfo: TestInfo,
  office: { phone: string; password: string },
  bureau: { phone: string; password: string },
) {
  // The helpers wait for hydration as this phone's project says: this phone has JavaScript.
  const testInfo = {
    ...projectInfo,
    config: projectInfo.config,
    project: { ...projectInfo.project, use: { ...projectInfo.project.use, javaScriptEnabled: true } },
  } as TestInfo;
  const context = await browser.newContext({ ...PHONE, baseURL: projectInfo.project.use.baseURL, javaScriptEnabled: true });
  const page = await context.newPage();
  const signOut = async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/login\?signed_out=1/);
  };
  await memberSignsIn(page, testInfo, AUTHOR);
  await signOut();
  await memberSignsIn(page, testInfo, HEAD);
  await signOut();
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/admin/accounts');
  await waitForHydration(page, testInfo);
  const form = page.getByTestId('account-form');
  await form.getByLabel('姓名', { exact: true }).fill('县政协信息科');
  await form.getByLabel('手机号', { exact: true }).fill(office.phone);
  await form.getByLabel('账号类型').selectOption({ label: '政协机关工作人员（社情民意、提案）' });
  await form.getByLabel('所辖地区').selectOption({ label: '甘肃省 › 临夏回族自治州 › 永靖县' });
  await form.getByRole('button', { name: '创建并生成登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  await form.getByLabel('姓名', { exact: true }).fill('交通局办公室');
  await form.getByLabel('手机号', { exact: true }).fill(bureau.phone);
  await form.getByLabel('账号类型').selectOption('department');
  await form.getByLabel('所辖地区').selectOption('yongjing');
  await form.getByLabel('部门名称').fill('永靖县交通运输局');
  await form.getByRole('button', { name: '创建并生成登录码' }).click();
  // The new account's code replaces the office's.
  await expect(page.getByTestId('issued-code').locator('.tracking-code')).not.toHaveText(code);
  const bureauCode = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(bureauCode).toMatch(/^[A-Z2-9]{12}$/);
  await signOut();
  await firstSignIn(page, testInfo, office.phone, code, office.password);
  await signOut();
  await firstSignIn(page, testInfo, bureau.phone, bureauCode, bureau.password);
  await context.close();
}



// A 社情民意 report from a member's phone to the county office's bulletin and an adoption with
// an instruction, with and without JavaScript: every form is a plain POST.
test('a member writes a report, the council sends it up, the office issues and adopts it', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const office = { phone: jsEnabled(testInfo) ? '13700001701' : '13700001702', password: '信息科的密码2026' };
  const bureau = { phone: jsEnabled(testInfo) ? '13700001703' : '13700001704', password: '交通局的密码2026' };
  await setUp(browser, testInfo, office, bureau);
  const title = `关于村口路灯长期损坏的情况反映（${jsEnabled(testInfo) ? '甲' : '乙'}）`;

  // The liaison writes it for 东风村 from the bench meeting where residents raised it, and
  // sends it for review.
  await signInAs(page, testInfo, AUTHOR);
  await page.goto('/s/demo_dongfeng_lamps');
  await page.getByTestId('write-up').getByTestId('write-up-report').click();
  await expect(page).toHaveURL(/\/reports\/new\?council=sy_dongfeng&source=session%3Ademo_dongfeng_lamps$/);
  const form = page.getByTestId('report-form');
  await expect(form.getByLabel('标题')).toHaveValue('关于村口到学校的路灯的情况反映');
  await expect(form.getByLabel('基本情况')).toHaveValue(/接孙子放学/);
  await expect(form.getByLabel('建议')).toHaveValue(/县住建部门把村道路灯纳入城乡照明统一管护/);
  await form.getByLabel('标题').fill(title);
  await form.getByLabel('分析').fill('线路老化，村集体没有维修经费。');
  await form.getByLabel('魏春梅').check();
  await shot(page, testInfo, 'report-form');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f]{32}$/);
  const reportPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('report')).toContainText('罗小燕、魏春梅');
  await expect(page.getByTestId('source')).toHaveText('来自一次协商');
  await expect(page.getByTestId('source')).toHaveAttribute('href', '/s/demo_dongfeng_lamps');
  await expect(page.getByTestId('report-status')).toContainText('草稿');
  await takeStep(page, 'send_for_review', '送审');
  await expect(page.getByTestId('report-status')).toContainText('待审核');

  // The head sends it up.
  await signInAs(page, testInfo, HEAD);
  await page.goto('/reports?status=review');
  await page.getByRole('link', { name: title }).click();
  await takeStep(page, 'submit', '审核通过，报送');
  await expect(page.getByTestId('report-status')).toContainText('已报送');

  // The county office receives it, issues it in a new bulletin, records the city's adoption and
  // the county secretary's instruction.
  await signInAs(page, testInfo, office);
  await page.goto('/reports?status=submitted');
  await expect(page.getByTestId('report-lines')).toContainText(title);
  await shot(page, testInfo, 'reports-office-queue');
  await page.getByRole('link', { name: title }).click();
  await takeStep(page, 'receive', '接收');
  await takeStep(page, 'issue', '编发');
  const masthead = (await page.locator('.report-masthead').textContent()) ?? '';
  expect(masthead).toMatch(/^《社情民意》第\d+期$/);
  await takeStep(page, 'adopt', '记录采用', async (f) => {
    await f.getByLabel('采用单位').selectOption({ label: '市政协采用' });
  });
  // An instruction without its text is refused, and the page says why.
  await page.getByTestId('step-instruct').getByLabel('批示人（如：区委书记）').fill('县委书记');
  await page.getByTestId('step-instruct').getByRole('button', { name: '记录领导批示' }).click();
  await expect(page.getByTestId('form-error')).toContainText('请写明意见或理由');
  const instruct = page.getByTestId('step-instruct');
  await instruct.getByLabel('批示人（如：区委书记）').fill('县委书记');
  await instruct.getByLabel('批示内容（必填）').fill('请县住建局一个月内完成检修。');
  await instruct.getByRole('button', { name: '记录领导批示' }).click();
  await expect(page.getByTestId('report-steps')).toContainText('批示人：县委书记');
  await expect(page.getByTestId('report-status')).toContainText('市政协采用');
  await shot(page, testInfo, 'report-adopted');
  // 转有关部门办理: to the county traffic bureau, by a deadline.
  const due = new Date(Date.now() + (8 + 24 * 20) * 3600 * 1000).toISOString().slice(0, 10);
  // (The form stays: the office may refer it to another department as well.)
  const refer = page.getByTestId('step-refer');
  await refer.getByLabel('转办部门').selectOption({ label: '永靖县交通运输局' });
  await refer.getByLabel('办理期限（不填为一个月）').fill(due);
  await refer.getByLabel('办理要求（可不填）').fill('请会同住建局排查村道路灯。');
  await refer.getByRole('button', { name: '转有关部门办理' }).click();
  const referral = page.getByTestId('referral').filter({ hasText: '永靖县交通运输局' });
  await expect(referral).toContainText('办理中');
  await expect(referral).toContainText(due);

  // The bureau's clerk finds it waiting on their screen and answers it.
  await signInAs(page, testInfo, bureau);
  await page.goto('/work');
  await expect(page.getByTestId('department-referrals')).toContainText('篇等待本部门答复');
  await shot(page, testInfo, 'work-referrals');
  await page.getByTestId('to-referrals').click();
  await expect(page).toHaveURL(/\/reports\?referral=open/);
  await page.getByRole('link', { name: title }).click();
  const answer = '已会同县住建局更换村口三盏路灯的线路，11 月底前全部恢复照明。';
  await takeStep(page, 'answer', '提交部门答复', async (f) => {
    await f.getByLabel('答复内容（必填）：办了什么、结果如何').fill(answer);
  });
  await expect(referral).toContainText('已答复');
  await expect(page.getByTestId('referral-answer')).toHaveText(answer);
  await expect(page.getByTestId('step-answer')).toHaveCount(0);
  await shot(page, testInfo, 'report-answered');

  // The author sees every step; the duty record counts it.
  await signInAs(page, testInfo, AUTHOR);
  await page.goto(reportPath);
  const steps = page.getByTestId('report-steps').locator('li');
  await expect(steps).toHaveCount(8);
  await expect(steps.nth(5)).toContainText('请县住建局一个月内完成检修。');
  await expect(steps.nth(7)).toContainText(answer);
  await page.goto('/members/sy_07/record');
  await expect(page.getByTestId('record-reports')).toContainText(title);
  await shot(page, testInfo, 'duty-record-reports');
  // And the council's statistics for this month count it, down to the record.
  const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  await page.goto(`/stats?scope=council%3Asy_dongfeng&period=${month}`);
  const adopted = page.getByTestId('figure-reports_adopted');
  expect(Number((await adopted.getByTestId('figure-value').textContent())?.trim())).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('figure-report_instructions').getByTestId('figure-value')).not.toHaveText('0');
  await shot(page, testInfo, 'stats-outputs');
  await adopted.locator('a.stat-link').click();
  await expect(page.getByTestId('records-title')).toHaveText('社情民意被采用');
  await expect(page.getByTestId('records')).toContainText(title);
});
