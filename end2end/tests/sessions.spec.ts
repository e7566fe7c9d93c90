import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { jsEnabled, shot } from './helpers';
import nodePath from 'node:path';

const PHONE = { viewport: { width: 360, height: 780 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** A signed-in phone with JavaScript, whatever the project. */
async function phone(browser: Browser, testInfo: TestInfo): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, baseURL: testInfo.project.use.baseURL, javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('手机号或用户名').fill(ADMIN_PHONE);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}

/** Opens a session at 新建村 through the form; returns its path. */
async function openSession(page: Page, title: string): Promise<string> {
  await page.goto('/sessions');
  await hydrated(page);
  const form = page.getByTestId('new-session');
  await form.getByLabel('委员会').selectOption({ label: '新建村协商议事会' });
  await form.getByLabel('会议名称').fill(title);
  await form.getByLabel('协商形式').selectOption('field');
  await form.getByLabel('时间').fill('2026-11-25T09:30');
  // Not in a room: the room list says so, in its own words.
  await expect(form.locator('select[name="topic"] option').first()).toHaveText('不关联议题');
  await expect(form.locator('select[name="room"] option').first()).toHaveText('不在委员工作室');
  await form.getByLabel('或者写明地点').fill('新建村3组晒场');
  await form.getByLabel('纬度').fill('35.9821');
  await form.getByLabel('经度').fill('103.2185');
  await form.getByLabel('群众代表').fill('王大妈、李大爷');
  await form.getByRole('button', { name: '开会' }).click();
  await expect(page).toHaveURL(/\/s\/[A-Za-z0-9_]+$/);
  await hydrated(page);
  await expect(page.getByTestId('session-directions')).toHaveAttribute('href', /uri\.amap\.com.*103\.218500,35\.982100/);
  return new URL(page.url()).pathname;
}

async function writeNote(page: Page, text: string, kind = 'statement'): Promise<void> {
  const form = page.getByTestId('new-note');
  await form.locator('select[name="kind"]').selectOption(kind);
  await form.getByTestId('note-input').fill(text);
  await form.getByTestId('note-send').click();
  await expect(form.getByTestId('note-input')).toHaveValue('');
}

async function noteTexts(page: Page): Promise<string[]> {
  return page.getByTestId('notes').getByTestId('note-text').allTextContents();
}

test('three phones in one session: one offline writes 20 notes, reopens the page offline, and every phone ends with the same notes', async ({
  browser,
}, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the offline phone needs JavaScript; the no-JS form has its own test');
  test.setTimeout(240_000);
  const a = await phone(browser, testInfo);
  const b = await phone(browser, testInfo);
  const c = await phone(browser, testInfo);
  const path = await openSession(a.page, '新建村道路硬化田间地头会');
  for (const p of [b.page, c.page]) {
    await p.goto(path);
    await hydrated(p);
  }
  // Check-in with one tap.
  await b.page.getByTestId('check-in').click();
  await expect(b.page.getByTestId('checked-in')).toBeVisible();
  // A photo of the paper sign-in sheet, made small on the phone and sent in chunks.
  await b.page.getByTestId('photos').getByTestId('photo-input').setInputFiles(nodePath.join(__dirname, '..', 'fixtures', 'lane.png'));
  await expect(b.page.getByTestId('photos').getByTestId('photo-state')).toContainText('已上传 ✓', { timeout: 30_000 });

  // Online notes reach the others within two seconds, without reloading.
  for (const p of [a.page, b.page, c.page]) {
    await expect(p.getByTestId('connection')).toHaveText('实时更新中');
  }
  await writeNote(a.page, '村支书：这条路有三公里，去年雨季冲坏了两处。', 'intro');
  await expect(b.page.getByTestId('notes')).toContainText('去年雨季冲坏了两处', { timeout: 2_000 });
  await expect(c.page.getByTestId('notes')).toContainText('去年雨季冲坏了两处', { timeout: 2_000 });

  // Phone C has opened the session online; its service worker keeps the page.
  await c.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !(await caches.match(location.pathname)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await c.context.setOffline(true);
  await expect(c.page.getByTestId('sync-bar')).toContainText('离线');
  const offline = Array.from({ length: 20 }, (_, i) => `离线第${i + 1}条：李大爷说路要加宽到4.5米 🚜`);
  for (const text of offline) {
    await writeNote(c.page, text);
  }
  await expect(c.page.getByTestId('pending-count')).toHaveAttribute('data-count', '20');
  await expect(c.page.locator('[data-testid="note"][data-state="pending"]')).toHaveCount(20);
  // Meanwhile the others go on.
  await writeNote(b.page, '交通局：明年纳入农村公路计划。', 'proposal');
  await expect(a.page.getByTestId('notes')).toContainText('明年纳入农村公路计划', { timeout: 2_000 });
  await shot(c.page, testInfo, 'session-offline');

  // Close the page and open it again, still offline: the notes are still there, still waiting.
  await c.page.close();
  const reopened = await c.context.newPage();
  await reopened.goto(path);
  await hydrated(reopened);
  await expect(reopened.getByTestId('pending-count')).toHaveAttribute('data-count', '20');
  await expect(reopened.locator('[data-testid="note"][data-state="pending"]')).toHaveCount(20);
  await expect(reopened.getByTestId('notes')).toContainText('去年雨季冲坏了两处');

  // Signal again: everything goes, once.
  await c.context.setOffline(false);
  await expect(reopened.getByTestId('pending-count')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(reopened.getByTestId('pending-count')).toHaveText('全部已发送');
  const expected = 22;
  for (const p of [a.page, b.page, reopened]) {
    await expect(p.getByTestId('note')).toHaveCount(expected, { timeout: 15_000 });
    await expect(p.locator('[data-testid="note"][data-state="sent"]')).toHaveCount(expected);
  }
  const [ta, tb, tc] = [await noteTexts(a.page), await noteTexts(b.page), await noteTexts(reopened)];
  expect(tb).toEqual(ta);
  expect(tc).toEqual(ta);
  expect(new Set(ta).size).toBe(expected);
  for (const text of offline) expect(ta).toContain(text);
  // A fresh load from the server agrees with what the phones show.
  await a.page.reload();
  await hydrated(a.page);
  expect(await noteTexts(a.page)).toEqual(tb);
  await expect(a.page.getByTestId('sheet-photos').locator('img')).toHaveCount(1);
  await shot(a.page, testInfo, 'session-synced');

  // The author corrects a note; the others see the new version.
  const mine = a.page.getByTestId('note').filter({ hasText: '去年雨季冲坏了两处' });
  await mine.getByRole('button', { name: '修改' }).click();
  await mine.getByTestId('correct-form').locator('textarea').fill('村支书：这条路有三公里，去年雨季冲坏了三处。');
  await mine.getByRole('button', { name: '保存修改' }).click();
  await expect(b.page.getByTestId('notes')).toContainText('去年雨季冲坏了三处', { timeout: 5_000 });
  await expect(b.page.getByTestId('notes')).not.toContainText('冲坏了两处');

  for (const ctx of [a.context, b.context, c.context]) await ctx.close();
});

test('a note written without JavaScript appears live on a phone with it', async ({ browser, page }, testInfo) => {
  test.skip(jsEnabled(testInfo), 'this is the no-JS project’s test');
  test.setTimeout(120_000);
  const watcher = await phone(browser, testInfo);
  const path = await openSession(watcher.page, '没有脚本的手机也能记');
  await expect(watcher.page.getByTestId('connection')).toHaveText('实时更新中');

  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto(path);
  await expect(page.getByTestId('sync-bar')).toBeHidden();
  const form = page.getByTestId('new-note');
  await form.locator('select[name="kind"]').selectOption('proposal');
  await form.locator('select[name="speaker_kind"]').selectOption('resident');
  await form.locator('input[name="speaker_name"]').fill('李大爷');
  await form.getByTestId('note-input').fill('路边要装护栏，孩子上学走这条路。');
  await form.getByTestId('note-send').click();
  await expect(page).toHaveURL(new RegExp(`${path}#note-[0-9a-f]{32}$`));
  await expect(page.getByTestId('notes')).toContainText('路边要装护栏');
  await expect(watcher.page.getByTestId('notes')).toContainText('路边要装护栏', { timeout: 2_000 });
  await expect(watcher.page.getByTestId('note-speaker').last()).toContainText('李大爷');

  // A refused note comes back with what was typed.
  await page.getByTestId('new-note').locator('select[name="speaker_kind"]').selectOption('member');
  await page.getByTestId('new-note').locator('input[name="speaker_name"]').fill('');
  await page.getByTestId('new-note').getByTestId('note-input').fill('没写是哪位委员说的');
  await page.getByTestId('new-note').getByTestId('note-send').click();
  await expect(page.getByTestId('form-error')).toContainText('发言人：');
  await expect(page.getByTestId('new-note').getByTestId('note-input')).toHaveValue('没写是哪位委员说的');
  await shot(page, testInfo, 'session-nojs');

  // Attendance and closing work without JavaScript too.
  await page.getByTestId('check-in').click();
  await expect(page).toHaveURL(/#attendance$/);
  await expect(page.getByTestId('checked-in')).toBeVisible();
  const add = page.getByTestId('add-attendee');
  await add.getByLabel('姓名').fill('王大妈');
  await add.getByRole('button', { name: '添加到场人员' }).click();
  await expect(page.getByTestId('attendees')).toContainText('王大妈');
  const close = page.getByTestId('close-session');
  await close.getByRole('button', { name: '结束协商会' }).click();
  await expect(page.getByTestId('close-refused')).toBeVisible();
  await page.getByTestId('close-session').locator('textarea[name="summary"]').fill('共识：路边装护栏，村委会两周内报修。');
  await page.getByTestId('close-session').getByRole('button', { name: '结束协商会' }).click();
  await expect(page.getByTestId('session-summary')).toHaveText('共识：路边装护栏，村委会两周内报修。');
  await expect(page.getByTestId('close-session')).toHaveCount(0);
  await watcher.context.close();
});
