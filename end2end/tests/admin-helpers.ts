import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { waitForHydration } from './helpers';

/** The system admin that start-server.sh creates with `bandeng admin create`. */
export const ADMIN_PHONE = '13800000000';
export const ADMIN_PASSWORD = 'e2e 管理员密码 2026';

/** Submit the /login form (a plain form post: works with and without JS). */
export async function submitLogin(page: Page, testInfo: TestInfo, login: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) {
    await page.goto('/login');
  }
  await waitForHydration(page, testInfo);
  await page.getByLabel('手机号或用户名').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Sign in and check it worked: the browser has left the sign-in page. */
export async function signIn(page: Page, testInfo: TestInfo, login: string, password: string): Promise<void> {
  await submitLogin(page, testInfo, login, password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** Today's weekday in Beijing as the roster form lists it (周一 ... 周日). */
export function beijingWeekday(): string {
  const names = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  return names[now.getUTCDay()];
}

/** Beijing time `minutes` ago, as a datetime-local input takes it (YYYY-MM-DDTHH:MM). */
export function beijingMinutesAgo(minutes: number): string {
  return new Date(Date.now() + 8 * 3600 * 1000 - minutes * 60 * 1000).toISOString().slice(0, 16);
}

/** Take a one-time code to the sign-in page, choose a password, and stay signed in. */
export async function firstSignIn(page: Page, testInfo: TestInfo, phone: string, code: string, password: string): Promise<void> {
  await signIn(page, testInfo, phone, code);
  await expect(page).toHaveURL(/\/account\/password/);
  await waitForHydration(page, testInfo);
  await page.getByLabel('当前密码').fill(code);
  await page.getByLabel('新密码（至少 8 位）').fill(password);
  await page.getByLabel('再输入一次新密码').fill(password);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('password-saved')).toBeVisible();
}

/** The system admin hands a member of a council a one-time code; the member signs in with it. */
export async function memberSignsIn(
  page: Page,
  testInfo: TestInfo,
  member: { council: string; name: string; phone: string; password: string },
): Promise<void> {
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto(`/admin/councils/${member.council}/members`);
  await waitForHydration(page, testInfo);
  await page.getByTestId('member').filter({ hasText: member.name }).getByRole('button', { name: '发放登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await firstSignIn(page, testInfo, member.phone, code, member.password);
}

export type Login = { phone: string; password: string };

/** Makes an account at /admin/accounts and lets it choose its password. `unit` names the
 * department, or the review body for a committee's or secretariat's staff. */
export async function newAccount(page: Page, testInfo: TestInfo, name: string, login: Login, kind: string, area: string, unit?: string): Promise<void> {
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/admin/accounts');
  await waitForHydration(page, testInfo);
  const form = page.getByTestId('account-form');
  await form.getByLabel('姓名', { exact: true }).fill(name);
  await form.getByLabel('手机号', { exact: true }).fill(login.phone);
  await form.getByLabel('账号类型').selectOption(kind);
  await form.getByLabel('所辖地区').selectOption(area);
  if (unit) {
    await form.getByLabel(kind === 'department' ? '部门名称' : '机构名称').fill(unit);
  }
  await form.getByRole('button', { name: '创建并生成登录码' }).click();
  const code = (await page.getByTestId('issued-code').locator('.tracking-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-Z2-9]{12}$/);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await firstSignIn(page, testInfo, login.phone, code, login.password);
}

/** Signs in on a page that may already hold another account's session. */
export async function signInAs(page: Page, testInfo: TestInfo, login: { phone: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await submitLogin(page, testInfo, login.phone, login.password);
  await expect(page).not.toHaveURL(/\/login/);
}

/** Takes one step on a document's page (a report, a proposal): the step's form, filled by
 * `fill`, sent by its button; the form is gone once the step is taken. */
export async function takeStep(page: Page, step: string, button: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
  const form = page.getByTestId(`step-${step}`);
  if (fill) {
    await fill(form);
  }
  await form.getByRole('button', { name: button }).click();
  await expect(page.getByTestId(`step-${step}`)).toHaveCount(0);
}
