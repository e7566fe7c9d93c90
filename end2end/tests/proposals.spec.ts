import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { memberSignsIn, newAccount, signInAs, takeStep, type Login } from './admin-helpers';
import { jsEnabled, shot, waitForHydration } from './helpers';

const PHONE = { viewport: { width: 360, height: 780 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const AUTHOR = { council: 'sy_dongfeng', name: '罗小燕', phone: '13900001007', password: '罗小燕的提案密码2026' };
const SIGNERS = [
  { council: 'sy_dongfeng', name: '王德明', phone: '13900001006', password: '王德明的提案密码2026' },
  { council: 'sy_dongfeng', name: '魏春梅', phone: '13900001009', password: '魏春梅的提案密码2026' },
];

/** The accounts this journey needs, made on a phone with JavaScript (the admin screens need it):
 * the author and two co-signers of 东风村, 永靖县's 提案委 and the county's transport bureau. */
async function setUp(browser: Browser, projectInfo: TestInfo, office: Login, unit: Login) {
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
  for (const member of [AUTHOR, ...SIGNERS]) {
    await memberSignsIn(page, testInfo, member);
    await signOut();
  }
  await newAccount(page, testInfo, '县政协提案委', office, 'office', 'yongjing');
  await signOut();
  await newAccount(page, testInfo, '交通局办公室', unit, 'department', 'yongjing', '永靖县交通运输局');
  await context.close();
}



// A proposal with two co-signers from a member's draft to the unit's A reply and the author's
// rating, with and without JavaScript: every form is a plain POST.
test('a proposal is co-signed, submitted, filed, handed over, answered and rated', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const js = jsEnabled(testInfo);
  const office = { phone: js ? '13700001711' : '13700001712', password: '提案委的密码2026' };
  const unit = { phone: js ? '13700001721' : '13700001722', password: '交通局的密码2026' };
  await setUp(browser, testInfo, office, unit);
  const title = `关于完善村道路灯管护机制的提案（${js ? '甲' : '乙'}）`;

  // The liaison drafts it for 东风村 and invites two fellow members.
  await signInAs(page, testInfo, AUTHOR);
  await page.goto('/proposals');
  await expect(page.getByTestId('proposal-windows')).toContainText('正在征集');
  await page.getByTestId('write-proposal').filter({ hasText: '东风村' }).click();
  await expect(page).toHaveURL(/\/proposals\/new\?council=sy_dongfeng/);
  const form = page.getByTestId('proposal-form');
  await form.getByLabel('案由').fill(title);
  await form.getByLabel('案据').fill('全县村道路灯多为村里自建，线路老化，坏了没人修，东风村村口三盏灯不亮已近半年。');
  await form.getByLabel('办法').fill('一、把村道路灯纳入城乡照明统一管护；二、县交通运输局牵头每年检修一次。');
  for (const signer of SIGNERS) {
    await form.getByLabel(signer.name).check();
  }
  await shot(page, testInfo, 'proposal-form');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await expect(page).toHaveURL(/\/proposals\/[0-9a-f]{32}$/);
  const path = new URL(page.url()).pathname;
  await expect(page.getByTestId('proposal-status')).toContainText('草稿');
  await expect(page.getByTestId('proposal-signers')).toContainText('待确认');
  // Not submitted while the co-signers have not answered; the page says why.
  await page.getByTestId('step-submit').getByRole('button', { name: '提交提案' }).click();
  await expect(page.getByTestId('form-error')).toContainText('还有联名委员没有确认');

  // Each co-signer confirms on their own phone.
  for (const signer of SIGNERS) {
    await signInAs(page, testInfo, signer);
    await page.goto(path);
    await expect(page.getByTestId('sign-form')).toBeVisible();
    await page.getByTestId('sign-form').getByRole('button', { name: '确认联名' }).click();
    await expect(page.getByTestId('sign-form')).toHaveCount(0);
  }
  await shot(page, testInfo, 'proposal-co-signed');

  // The author submits it: it takes the district's next number.
  await signInAs(page, testInfo, AUTHOR);
  await page.goto(path);
  await expect(page.getByTestId('proposal-co-signers')).toContainText('王德明、魏春梅');
  await takeStep(page, 'submit', '提交提案');
  await expect(page.locator('.report-masthead').first()).toHaveText(/^永靖县政协提案 第\d+号$/);
  await expect(page.getByTestId('proposal-status')).toContainText('待审查');

  // The county's 提案委 files it and hands it to the transport bureau, with the default deadline.
  await signInAs(page, testInfo, office);
  await page.goto('/proposals?status=submitted');
  await shot(page, testInfo, 'proposals-office-queue');
  await page.getByRole('link', { name: title }).click();
  await takeStep(page, 'file', '立案');
  await takeStep(page, 'assign', '交办', async (f) => {
    await f.getByLabel('主办单位：').selectOption({ label: '永靖县交通运输局' });
  });
  await expect(page.getByTestId('proposal-units')).toContainText('主办单位：永靖县交通运输局');
  await expect(page.getByTestId('proposal-status')).toContainText('已交办');

  // The bureau answers it: class A, with its letter.
  await signInAs(page, testInfo, unit);
  await page.goto('/proposals');
  await page.getByRole('link', { name: title }).click();
  await takeStep(page, 'reply', '答复', async (f) => {
    await f.getByLabel('A类：已解决或采纳').check();
    await f.getByLabel('答复内容（必填）').fill('已将全县村道路灯纳入城乡照明统一管护，东风村村口路灯已于本月修复。');
  });
  await expect(page.getByTestId('proposal-reply')).toContainText('A类：已解决或采纳');

  // The author rates the reply; the proposal is closed, every step on record.
  await signInAs(page, testInfo, AUTHOR);
  await page.goto(path);
  await takeStep(page, 'rate', '评价答复', async (f) => {
    await f.getByLabel('满意', { exact: true }).check();
  });
  await expect(page.getByTestId('proposal-rating')).toContainText('满意');
  await expect(page.getByTestId('proposal-status')).toContainText('已办结');
  await expect(page.getByTestId('proposal-steps').locator('li')).toHaveCount(5);
  await shot(page, testInfo, 'proposal-closed');

  // The author's duty record counts it; so does a co-signer's.
  await page.goto('/members/sy_07/record');
  await expect(page.getByTestId('record-proposals')).toContainText(title);
  await expect(page.getByTestId('record-proposals')).toContainText('第一提案人');
  await signInAs(page, testInfo, SIGNERS[1]);
  await page.goto('/members/sy_09/record');
  await expect(page.getByTestId('record-proposals')).toContainText(title);
});
