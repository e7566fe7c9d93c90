import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ADMIN_PHONE, signIn } from './admin-helpers';
import { jsEnabled, shot, waitForHydration } from './helpers';

// Tiles come from the internet, which a village phone (and this test machine) may not reach:
// block every tile provider so the map must work on its plain background.
const TILE_HOSTS = /tile\.openstreetmap\.org|tianditu\.gov\.cn|autonavi\.com/;

async function blockTiles(page: Page): Promise<string[]> {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.route(TILE_HOSTS, (route) => route.abort());
  return requested;
}

const roomItems = (page: Page) => page.locator('[data-testid="room-item"]');
const pins = (page: Page) => page.locator('.leaflet-marker-icon.pin');
const clusters = (page: Page) => page.locator('.leaflet-marker-icon.pin-cluster');

/** Rooms drawn on the map: single pins plus the counts on grouped ones. */
async function roomsOnMap(page: Page): Promise<number> {
  const counts = await clusters(page).allTextContents();
  return (await pins(page).count()) + counts.reduce((sum, n) => sum + Number(n), 0);
}

async function mapReady(map: Locator): Promise<void> {
  await expect(map).toHaveAttribute('data-state', /ready|no-tiles/, { timeout: 30_000 });
}

test.describe('with JavaScript', () => {
  test.beforeEach(({}, testInfo) => test.skip(!jsEnabled(testInfo), 'the map needs JavaScript'));

  test('the map shows every room as a marker with tiles blocked; Leaflet loads only there', async ({ page }, testInfo) => {
    const requested = await blockTiles(page);
    await page.goto('/');
    await waitForHydration(page, testInfo);
    await page.goto('/r/sy-dongfeng');
    await waitForHydration(page, testInfo);
    expect(requested.filter((u) => u.includes('/vendor/leaflet/')), 'no Leaflet on pages without a map').toEqual([]);

    await page.goto('/rooms');
    await waitForHydration(page, testInfo);
    const map = page.locator('[data-testid="map"]');
    await mapReady(map);
    await expect(map).toHaveAttribute('data-state', 'no-tiles');
    await expect(page.getByText('底图没有加载出来')).toBeVisible();
    expect(requested.some((u) => u.endsWith('/vendor/leaflet/leaflet.js'))).toBe(true);
    expect(requested.some((u) => TILE_HOSTS.test(u)), 'tiles were asked for (and blocked)').toBe(true);

    const listed = await roomItems(page).count();
    expect(listed).toBeGreaterThan(20);
    await expect.poll(() => roomsOnMap(page)).toBe(listed);
    // Zoomed out over China, the Shenzhen rooms overlap and are grouped.
    expect(await clusters(page).count()).toBeGreaterThan(0);
    await shot(page, testInfo, 'rooms-map');

    // Tapping a group zooms in: more of its rooms stand alone, none go missing.
    const pinsBefore = await pins(page).count();
    await clusters(page).first().click();
    await expect.poll(() => pins(page).count()).toBeGreaterThan(pinsBefore);
    expect(await roomsOnMap(page)).toBe(listed);

    // A single room's pin opens its name, council and a link to its page.
    await page.goto('/rooms?q=%E8%B5%84%E6%BA%AA');
    await waitForHydration(page, testInfo);
    await mapReady(page.locator('[data-testid="map"]'));
    await expect(roomItems(page)).toHaveCount(1);
    await pins(page).first().click();
    const popup = page.locator('.leaflet-popup');
    await expect(popup).toContainText('资溪街道“有事来协商”议事厅');
    await expect(popup).toContainText('资溪街道“有事来协商”工作站');
    // (The map is aria-hidden: the list is what assistive technology reads. Find the link by text.)
    await popup.locator('a', { hasText: '查看议事室' }).click();
    await expect(page).toHaveURL(/\/r\/yj-zixi$/);
  });

  test('filters narrow both the list and the map', async ({ page }, testInfo) => {
    await blockTiles(page);
    await page.goto('/rooms');
    await waitForHydration(page, testInfo);
    const all = await roomItems(page).count();
    await page.getByText('按议事会、类型、界别筛选').click();
    await page.getByLabel('类型').selectOption('sector_station');
    await page.locator('details.more-filters').getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/kind=sector_station/);
    await waitForHydration(page, testInfo);
    await mapReady(page.locator('[data-testid="map"]'));
    const sector = await roomItems(page).count();
    expect(sector).toBeGreaterThan(0);
    expect(sector).toBeLessThan(all);
    for (const code of await roomItems(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))) {
      expect(code).toMatch(/^ns-/);
    }
    await expect(page.getByTestId('room-count')).toContainText(`找到 ${sector} 个议事室（共 ${all} 个）`);
    await expect.poll(() => roomsOnMap(page)).toBe(sector);

    // Words and a sector together; then nothing matches, and clearing brings everyone back.
    await expect(page.locator('details.more-filters')).toHaveAttribute('open', '');
    await page.getByLabel('搜索名称或地址').fill('不存在的地方');
    await page.getByRole('button', { name: '筛选' }).first().click();
    await expect(page.getByTestId('rooms-empty')).toBeVisible();
    await page.getByRole('link', { name: '清除筛选' }).first().click();
    await expect(roomItems(page)).toHaveCount(all);
  });

  test.describe('near me', () => {
    // Standing at 新建村 in 三塬镇.
    test.use({ geolocation: { latitude: 35.9612, longitude: 103.2488 }, permissions: ['geolocation'] });

    test('lists the nearest rooms first, with distances', async ({ page }, testInfo) => {
      await blockTiles(page);
      await page.goto('/rooms');
      await waitForHydration(page, testInfo);
      await mapReady(page.locator('[data-testid="map"]'));
      await expect(page.locator('[data-testid="distance"]')).toHaveCount(0);
      await page.getByTestId('near-me').click();
      await expect(page.getByText('已按距离从近到远排列')).toBeVisible();
      await expect(roomItems(page).first()).toHaveAttribute('data-code', 'sy-xinjian');
      await expect(roomItems(page).first().getByTestId('distance')).toHaveText('0 米');
      const labels = await page.locator('[data-testid="distance"]').allTextContents();
      expect(labels.length).toBe(await roomItems(page).count());
      const km = labels.map((l) => (l.endsWith('公里') ? parseFloat(l) : parseFloat(l) / 1000));
      expect([...km].sort((a, b) => a - b)).toEqual(km);
      // The next ones are the other villages of 三塬镇, a few km away; Shenzhen is last.
      expect(km[1]).toBeGreaterThan(0.5);
      expect(km[1]).toBeLessThan(10);
      expect(km[km.length - 1]).toBeGreaterThan(1000);
      await expect(page.locator('path.map-me')).toHaveCount(1);
      await shot(page, testInfo, 'rooms-near-me');
    });
  });

  test('an admin sets a room’s place by tapping the map', async ({ page }, testInfo) => {
    await blockTiles(page);
    await signIn(page, testInfo, ADMIN_PHONE, ADMIN_PASSWORD);
    await page.goto('/admin/councils/sy_hongliu/rooms');
    await waitForHydration(page, testInfo);
    const room = page.locator('[data-testid="rooms"] li').first();
    await room.getByRole('button', { name: '修改' }).click();
    const form = room.locator('form');
    const lat = form.locator('input[name="lat"]');
    const lng = form.locator('input[name="lng"]');
    const [lat0, lng0] = [Number(await lat.inputValue()), Number(await lng.inputValue())];
    await form.getByTestId('pick-on-map').click();
    const picker = form.getByTestId('picker-map');
    await mapReady(picker);
    // The marker starts on the stored point, in the middle; a tap to the east and north moves it.
    const box = (await picker.boundingBox())!;
    await picker.click({ position: { x: box.width / 2 + 80, y: box.height / 2 - 40 } });
    await expect(lng).not.toHaveValue(String(lng0));
    const [lat1, lng1] = [Number(await lat.inputValue()), Number(await lng.inputValue())];
    expect(lng1).toBeGreaterThan(lng0);
    expect(lat1).toBeGreaterThan(lat0);
    expect(lng1 - lng0).toBeLessThan(0.05); // zoomed in on the village, not across the county
    await shot(page, testInfo, 'admin-room-picker');
    await form.getByRole('button', { name: '保存' }).click();
    await expect(form).toHaveCount(0);
    // The public page now sends navigation to the new point.
    await page.goto('/r/sy-hongliu');
    await expect(page.getByTestId('navigate')).toHaveAttribute('href', new RegExp(`position=${lng1.toFixed(6)},${lat1.toFixed(6)}`));
  });
});

test('without JavaScript /rooms is a list with working filters', async ({ page }, testInfo) => {
  await page.goto('/rooms');
  await waitForHydration(page, testInfo);
  const all = await roomItems(page).count();
  expect(all).toBeGreaterThan(20);
  const first = roomItems(page).first().getByRole('link');
  await expect(first).toHaveAttribute('href', /^\/r\/[a-z0-9-]+$/);
  if (!jsEnabled(testInfo)) {
    await expect(page.locator('[data-testid="map"]')).toBeHidden();
    await expect(page.getByTestId('near-me')).toBeHidden();
    await shot(page, testInfo, 'rooms-list');
  }
  await page.getByLabel('搜索名称或地址').fill('东风');
  await page.getByRole('button', { name: '筛选' }).first().click();
  await expect(page).toHaveURL(/q=%E4%B8%9C%E9%A3%8E/);
  await expect(roomItems(page)).toHaveCount(1);
  await roomItems(page).getByRole('link').click();
  await expect(page).toHaveURL(/\/r\/sy-dongfeng$/);
  // The room page: directions, the council's public cases, and the poster.
  await expect(page.getByTestId('navigate')).toHaveAttribute('href', /uri\.amap\.com\/marker\?position=103\.218500,35\.982100.*coordinate=wgs84/);
  await expect(page.getByTestId('recent-cases')).toContainText('景区周边垃圾清运不及时');
  await expect(page.getByTestId('recent-cases')).not.toContainText('路灯');
  await shot(page, testInfo, 'room-page');
});

test('a printed poster’s QR code leads a phone to the room', async ({ page }, testInfo) => {
  await page.goto('/r/sy-dongfeng/poster');
  const poster = page.getByTestId('poster');
  await expect(poster).toContainText('东风村协商议事室');
  await expect(poster).toContainText('扫码反映问题');
  const qr = poster.locator('img.poster-qr');
  await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await shot(page, testInfo, 'poster');
  // Read the code off the screen as a phone camera would, with zbar.
  const file = path.join(os.tmpdir(), `bandeng-poster-${testInfo.project.name}-${process.pid}.png`);
  await qr.screenshot({ path: file });
  const url = execFileSync('zbarimg', ['--raw', '--quiet', file], { encoding: 'utf8' }).trim();
  fs.rmSync(file, { force: true });
  expect(url).toBe(`${new URL(page.url()).origin}/r/sy-dongfeng`);
  // Print layout: the QR code is 12 cm wide on paper (CSS: 96 px per inch), one poster per page.
  await page.emulateMedia({ media: 'print' });
  const widthPx = await qr.evaluate((img) => img.getBoundingClientRect().width);
  expect(widthPx).toBeGreaterThan(440);
  expect(widthPx).toBeLessThan(470);
  await expect(page.locator('.print-toolbar')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await page.goto(url);
  await expect(page.getByTestId('room-name')).toHaveText('东风村协商议事室');
});
