// The Reproduce panel in a real browser on the web mode: open an image, copy its A1111 recipe (read back from
// the clipboard), switch to the ComfyUI and diffusers recipes, see the warnings; and "make B like A" in Compare.
import { join } from 'node:path';
import { copyCorpus, corpusRoot, expect, test } from '../pages/harness';
import { writeGeneratedPng } from '../pages/generated-images';

const FILES = ['a1111/metahub_cli_a1111.png', 'comfyui/cex_lora_lora.png'];

test.describe('reproduce', () => {
  test('open an image, copy its A1111 recipe, switch targets, read the warnings', async ({
    app,
    library,
    server,
    context,
  }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const dir = copyCorpus(server, 'mixed', FILES);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, FILES.length);
    await library.openImage('metahub_cli_a1111.png');

    const panel = library.detail.getByTestId('reproduce-panel');
    await panel.scrollIntoViewIfNeeded();
    await expect(panel).toHaveAttribute('data-ready', 'true');
    await expect(panel.getByTestId('recipe-text')).toContainText('"seed": 2895438046');
    await expect(panel.getByTestId('recipe-how')).toContainText('/sdapi/v1/txt2img');
    await panel.getByTestId('recipe-copy').click();
    await expect(app.page.getByTestId('toast')).toContainText('recipe copied');
    const copied = JSON.parse(await app.page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
    expect(copied['seed']).toBe(2895438046);
    expect(copied['sampler_name']).toBe('DPM++ 2M');
    expect(copied['scheduler']).toBe('Karras');
    expect(copied['prompt']).toContain('<lora:detailTweaker:0.8>');
    await app.page.screenshot({ path: testInfo.outputPath('reproduce-a1111.png') });

    await panel.getByTestId('recipe-target-comfyui').click();
    await expect(panel).toHaveAttribute('data-target', 'comfyui');
    await expect(panel.getByTestId('recipe-text')).toContainText('"class_type": "KSampler"');
    await expect(panel.getByTestId('recipe-text')).toContainText('"seed": 2895438046');
    // A1111 drew its noise on the GPU; ComfyUI draws it on the CPU: said beside the recipe, not hidden.
    await expect(panel.locator('[data-code=cross-tool]').first()).toContainText('GPU');
    await panel.getByTestId('recipe-warnings').scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: testInfo.outputPath('reproduce-comfyui-warnings.png') });

    await panel.getByTestId('recipe-target-diffusers').click();
    await expect(panel.getByTestId('recipe-text')).toContainText('SEED = 2895438046');
    // The border checks the target like every argument: anything but the three targets is refused.
    // (through the API client, not the page: the fixture fails a spec on any 4xx the page sees)
    const answer = await context.request.post(`${server.url}/api/recipes.build`, {
      data: { image: { kind: 'indexed', imageId: 1 }, target: 'invoke' },
    });
    const refused = {
      status: answer.status(),
      body: (await answer.json()) as { ok: boolean; error?: { message: string } },
    };
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('"target" must be one of "a1111", "comfyui", "diffusers"');
    await expect(panel.getByTestId('recipe-text')).toContainText('torch.use_deterministic_algorithms(True)');
    await expect(panel.getByTestId('recipe-text')).toContainText('DPMSolverMultistepScheduler');
  });

  test('a prompt with markup is shown as text in the recipe, never as HTML', async ({ app, library, server }) => {
    const dir = join(server.dataDir, 'hostile');
    const prompt = '<img src=x onerror="window.__pwned=1"><b>bold</b> a cat';
    await writeGeneratedPng(dir, 'hostile.png', { prompt, seed: '1234' }, 0);
    await library.addFolder(dir);
    await library.waitForIndexed(dir, 1);
    await library.openImage('hostile.png');
    const panel = library.detail.getByTestId('reproduce-panel');
    await expect(panel).toHaveAttribute('data-ready', 'true');
    const text = panel.getByTestId('recipe-text');
    await expect(text).toContainText('<b>bold</b> a cat');
    await expect(text.locator('img, b')).toHaveCount(0);
    await panel.getByTestId('recipe-target-diffusers').click();
    await expect(text).toContainText('PROMPT = "<img src=x onerror=\\"window.__pwned=1\\"><b>bold</b> a cat"');
    expect(await app.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('Compare shows "Make B like A": the recipe of A', async ({ app, compare }, testInfo) => {
    await app.showView('compare');
    await compare.dropFiles(
      [join(corpusRoot, 'forge/sdm_png_reforge.png'), join(corpusRoot, 'forge/sdm_png_forge-classic-en.png')],
      'a',
    );
    await compare.waitForResult();
    const panel = app.page.getByTestId('compare-reproduce');
    await panel.scrollIntoViewIfNeeded();
    await expect(panel).toHaveAttribute('data-ready', 'true');
    await expect(panel).toContainText('Make B like A');
    await expect(panel.getByTestId('recipe-text')).toContainText('"seed": 270740395');
    await app.page.screenshot({ path: testInfo.outputPath('reproduce-compare.png') });
  });
});
