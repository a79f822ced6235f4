import { expect, test } from '@playwright/test';
import { snapshot } from '../src/engine';
import { AppPage } from './appPage';
import { replayPage } from './replay';

test.describe('the controller quorum', () => {
  test('without a majority the stage says nothing is decided; restarting a controller from the Act panel brings one back', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open('?scenario=controller-quorum&t=27s');
    const notice = page.getByRole('status').filter({ hasText: 'No active controller' });
    await expect(notice).toContainText('1 of 3 controller voters running, not a majority');
    // The dead leader is still orders-0's leader in the model the page runs.
    const before = snapshot(replayPage('controller-quorum', await app.session()).world);
    expect(before.controllerId).toBe(-1);
    expect(before.topics.find((t) => t.name === 'orders')?.partitions[0].leader).toBe(1);

    await page.getByRole('tab', { name: 'Act' }).click();
    const restart = page.getByRole('button', { name: 'Restart controller 3000' });
    await restart.scrollIntoViewIfNeeded();
    await restart.click();
    await expect(page.getByRole('button', { name: 'Kill controller 3000' })).toBeVisible();
    // A majority again: while it elects, the notice says so; a second later it is gone.
    await expect(notice).toHaveCount(0);
    await app.seekBy(2);
    await expect(page.locator('.quorum-notice')).toHaveCount(0);
    const after = snapshot(replayPage('controller-quorum', await app.session()).world);
    expect(after.controllerId).toBe(3000);
  });
});
