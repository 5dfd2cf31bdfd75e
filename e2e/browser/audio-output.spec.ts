import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { joinAll, newRoomLink } from '../support/call';

/**
 * Chromium's fake devices (--use-fake-device-for-media-stream) list real fake outputs ("Fake Audio Output 1", "…2")
 * that setSinkId accepts, so the sink is read from the audio elements themselves; no wrapping of setSinkId is needed.
 */

const remoteAudio = (page: Page) =>
  page.getByTestId('remote-audio').evaluateAll((elements) =>
    elements.map((element) => {
      const audio = element as HTMLAudioElement;
      return { identity: audio.dataset.identity ?? '', sinkId: audio.sinkId, volume: audio.volume, playing: audio.srcObject instanceof MediaStream };
    }),
  );

const identityOf = (page: Page, name: string) => page.getByTestId('people-row').filter({ hasText: name }).getAttribute('data-identity');

test.describe('audio output', () => {
  test.setTimeout(150_000);

  test('the chosen speaker reaches setSinkId on every remote audio element, later ones too, and is kept in the settings', async ({ browser, server }) => {
    const link = newRoomLink(server.url, false);
    const [ada, bob] = await joinAll(browser, link, ['Ada', 'Bob']);
    await expect.poll(async () => (await remoteAudio(ada!)).length, { timeout: 30_000 }).toBe(1);
    expect((await remoteAudio(ada!))[0]!.sinkId).toBe('');

    await ada!.getByTestId('more-menu').click();
    await ada!.getByTestId('open-devices').click();
    const select = ada!.getByTestId('devices-dialog').getByTestId('speaker-select');
    const options = await select.locator('option').evaluateAll((all) => all.map((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent ?? '' })));
    const chosen = options.find((option) => option.label === 'Fake Audio Output 2');
    expect(chosen, `speaker options: ${JSON.stringify(options)}`).toBeDefined();
    await select.selectOption(chosen!.value);
    await expect.poll(async () => (await remoteAudio(ada!)).map((audio) => audio.sinkId)).toEqual([chosen!.value]);
    await ada!.getByTestId('devices-close').click();

    // Someone joining later plays through the same speaker.
    const [cy] = await joinAll(browser, link, ['Cy']);
    await expect.poll(async () => (await remoteAudio(ada!)).map((audio) => audio.sinkId), { timeout: 30_000 }).toEqual([chosen!.value, chosen!.value]);
    const stored = await ada!.evaluate(() => JSON.parse(localStorage.getItem('sealroom.settings') ?? '{}').speakerDeviceId as string);
    expect(stored).toBe(chosen!.value);
    for (const page of [ada!, bob!, cy!]) await page.context().close();
  });

  test('per-person volume and mute for me change only that person’s audio element', async ({ browser, server }) => {
    const link = newRoomLink(server.url, false);
    const [ada, bob, cy] = await joinAll(browser, link, ['Ada', 'Bob', 'Cy']);
    await expect.poll(async () => (await remoteAudio(ada!)).filter((audio) => audio.playing).length, { timeout: 30_000 }).toBe(2);
    await ada!.getByTestId('toggle-people').click();
    const bobId = await identityOf(ada!, 'Bob');
    const cyId = await identityOf(ada!, 'Cy');
    const volumes = async () => Object.fromEntries((await remoteAudio(ada!)).map((audio) => [audio.identity, audio.volume]));
    expect(await volumes()).toEqual({ [bobId!]: 1, [cyId!]: 1 });

    const bobRow = ada!.getByTestId('people-row').filter({ hasText: 'Bob' });
    await bobRow.getByTestId('person-volume').fill('30');
    await expect.poll(volumes).toEqual({ [bobId!]: 0.3, [cyId!]: 1 });

    // Mute for me, from Cy's tile this time.
    const cyTile = ada!.getByTestId('participant-tile').filter({ hasText: 'Cy' });
    await cyTile.getByTestId('tile-volume').click();
    await cyTile.getByTestId('person-mute-for-me').click();
    await expect.poll(volumes).toEqual({ [bobId!]: 0.3, [cyId!]: 0 });
    // Only Ada's playback changed: Bob still hears Cy at full volume.
    const bobHearsCy = await bob!.getByTestId('remote-audio').evaluateAll((elements, id) => (elements as HTMLAudioElement[]).find((audio) => audio.dataset.identity === id)?.volume, cyId);
    expect(bobHearsCy).toBe(1);
    await cyTile.getByTestId('person-mute-for-me').click();
    await expect.poll(volumes).toEqual({ [bobId!]: 0.3, [cyId!]: 1 });
    for (const page of [ada!, bob!, cy!]) await page.context().close();
  });
});
