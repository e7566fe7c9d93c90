import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import fs from 'node:fs';
import { shot, unzip, waitForHydration } from './helpers';

// A district's figures, with and without JavaScript: choose the scope and the year in a plain
// form, tap a figure, and land on the records it counts, as many as it says.
test('a district figure leads to the records it counts', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/stats');
  await waitForHydration(page, testInfo);
  const filter = page.getByTestId('stats-filter');
  await filter.getByLabel('范围').selectOption({ label: '南山区' });
  const year = String(new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear());
  await filter.getByLabel('时间').selectOption(year);
  await filter.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(new RegExp(`scope=area%3Ananshan.*period=${year}`));
  await expect(page.getByTestId('stats-heading')).toContainText('南山区');
  const concerns = page.getByTestId('figure-concerns');
  const figure = Number((await concerns.getByTestId('figure-value').textContent())?.trim());
  expect(figure).toBeGreaterThan(10);
  await expect(page.getByTestId('council-table').locator('tbody tr')).not.toHaveCount(0);
  await expect(page.getByTestId('trend-concerns').locator('svg rect')).toHaveCount(12);
  await shot(page, testInfo, 'stats');

  // Sorting the table by a figure is a link too.
  await page.getByTestId('sort-concerns').click();
  await expect(page).toHaveURL(/sort=concerns/);
  const column = await page.getByTestId('council-table').locator('thead th').allTextContents();
  const index = column.findIndex((h) => h.includes('收到诉求'));
  const values = await page
    .getByTestId('council-table')
    .locator(`tbody tr td:nth-child(${index + 1})`)
    .allTextContents();
  const numbers = values.map(Number);
  expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);

  await page.getByTestId('figure-concerns').locator('a.stat-link').click();
  await expect(page).toHaveURL(/\/stats\/records\?.*figure=concerns/);
  await expect(page.getByTestId('records-title')).toHaveText('收到诉求');
  await expect(page.getByTestId('records-total')).toContainText(`共 ${figure} 条`);
  const shown = Math.min(figure, 50);
  await expect(page.getByTestId('records').locator('li')).toHaveCount(shown);
  await shot(page, testInfo, 'stats-records');

  // The list as a spreadsheet: every record the figure counts, read back from the file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('records-export').click()]);
  const bytes = fs.readFileSync((await download.path()) as string);
  const files = unzip(bytes);
  const sheet = files.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
  expect(sheet.match(/<row /g)?.length).toBe(figure + 1);
  const strings = files.get('xl/sharedStrings.xml')?.toString('utf8') ?? sheet;
  expect(strings).toContain('日期');
  expect(download.suggestedFilename()).toMatch(/^concerns-nanshan-\d{4}\.xlsx$/);
});

// Search across every case of a district, with and without JavaScript: the filters are the URL.
test('a search finds a word inside the text of closed cases too', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
  await page.goto('/search');
  await waitForHydration(page, testInfo);
  const form = page.getByTestId('search-form');
  await form.getByLabel('范围').selectOption({ label: '南山区' });
  await form.getByLabel(/字词/).fill('路灯');
  await form.getByLabel('状态').selectOption({ label: '已办结' });
  await form.getByRole('button', { name: '查找' }).click();
  await expect(page).toHaveURL(/q=%E8%B7%AF%E7%81%AF.*status=closed/);
  const hits = page.getByTestId('search-hits').locator('li');
  const total = Number((await page.getByTestId('search-total').textContent())?.match(/找到 (\d+) 件/)?.[1]);
  expect(total).toBeGreaterThan(0);
  await expect(hits).toHaveCount(Math.min(total, 30));
  for (const text of await hits.allTextContents()) {
    expect(text).toContain('已办结');
  }
  await shot(page, testInfo, 'search');
  // The URL is the search: opened again, it finds the same.
  await page.goto(page.url());
  await expect(page.getByTestId('search-total')).toContainText(`找到 ${total} 件`);
});
