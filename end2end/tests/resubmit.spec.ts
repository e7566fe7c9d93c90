import { expect, test } from '@playwright/test';
import {
  CONCERN_POST_PATH,
  concernForm,
  fillConcern,
  jsEnabled,
  newConcern,
  openConcernForm,
  submitConcern,
} from './helpers';

test('submitting the same form twice gives the same tracking code', async ({ page, baseURL }, testInfo) => {
  const concern = newConcern(testInfo);
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  const sidField = form.locator('input[type="hidden"][name="submission_id"]');
  const sid = await sidField.inputValue();
  expect(sid.trim()).not.toBe('');

  const first = await submitConcern(page, form, testInfo);

  if (jsEnabled(testInfo)) {
    // Replay the same submission as a plain (no-JS style) form POST.
    const res = await page.request.post(CONCERN_POST_PATH, {
      form: {
        title: concern.title,
        description: concern.description,
        resident_name: concern.name,
        resident_phone: concern.phone,
        consent: 'on',
        submission_id: sid,
      },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(303);
    const location = res.headers()['location'];
    expect(location, 'Location header').toBeTruthy();
    const target = new URL(location, baseURL);
    expect(`${target.pathname}${target.search}`).toBe(`/c/${first}?new=1`);
    return;
  }

  // No JS: go back to the form the browser restores and press 提交 again.
  await page.goBack();
  const again = concernForm(page);
  await expect(again).toBeVisible();
  expect(
    await again.locator('input[type="hidden"][name="submission_id"]').inputValue(),
    'after goBack the form must carry the same submission_id ' +
      '(form page must come from the HTTP cache, i.e. not Cache-Control: no-store)',
  ).toBe(sid);
  if ((await again.locator('input[name="title"]').inputValue()) === '') {
    await fillConcern(again, concern); // the browser did not restore the fields; never reload
  } else {
    await expect(again.locator('input[name="consent"]')).toBeChecked();
  }
  const second = await submitConcern(page, again, testInfo);
  expect(second).toBe(first);
});
