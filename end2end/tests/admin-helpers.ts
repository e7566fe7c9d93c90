import { expect, type Page, type TestInfo } from '@playwright/test';
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
