import { expect, test } from '@playwright/test';
import { bypassBrowserValidation, fillConcern, newConcern, openConcernForm, setValueDirectly, submitButton } from './helpers';

test('missing consent shows an error and keeps the text', async ({ page }, testInfo) => {
  const concern = newConcern(testInfo);
  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern, false);
  await bypassBrowserValidation(form, testInfo);
  await submitButton(form).click();

  const error = page.locator('[data-testid="form-error"]');
  await expect(error).toBeVisible();
  await expect(error).toContainText('同意');
  await expect(page.locator('[data-testid="tracking-code"]')).toHaveCount(0);

  const after = page.locator('form[data-testid="concern-form"]');
  await expect(after.locator('input[name="title"]')).toHaveValue(concern.title);
  await expect(after.locator('textarea[name="description"]')).toHaveValue(concern.description);
});

test('a 61-character title is rejected with an error about the title', async ({ page }, testInfo) => {
  const concern = newConcern(testInfo);
  const longTitle = '村口路灯坏了请来修理'.repeat(6) + '吧';
  expect([...longTitle]).toHaveLength(61);

  const form = await openConcernForm(page, testInfo);
  await fillConcern(form, concern);
  await setValueDirectly(form.locator('input[name="title"]'), longTitle); // bypasses maxlength
  await bypassBrowserValidation(form, testInfo);
  await submitButton(form).click();

  const error = page.locator('[data-testid="form-error"]');
  await expect(error).toBeVisible();
  await expect(error).toContainText('标题');
  await expect(page.locator('[data-testid="tracking-code"]')).toHaveCount(0);
});
