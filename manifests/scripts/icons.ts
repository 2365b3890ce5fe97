/**
 * Renders the app icons from `icons/logo.svg` with Debian's Chromium (`npm run icons -w @pivotal-pm/manifests`):
 * `color.png` (192x192, the full mark) and `outline.png` (32x32, the mark alone in white on transparency, as Teams
 * asks), and the Outlook ribbon's 16, 32 and 80 px icons next to the pane. The PNGs are committed; run this only
 * when the logo changes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../addins/test/browser/chromium';

const dir = fileURLToPath(new URL('../icons/', import.meta.url));

/** The outline: the same bars and pivot, white, on nothing. */
const outline = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 192 192">
  <g fill="none" stroke="#FFFFFF" stroke-width="22" stroke-linecap="round">
    <path d="M40 160 L40 104"/><path d="M96 160 L96 72"/><path d="M152 160 L152 56"/>
  </g>
  <circle cx="152" cy="40" r="22" fill="#FFFFFF"/>
</svg>`;

async function render(svg: string, size: number, file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = Buffer.from(svg).toString('base64');
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await writeFile(`${dir}${file}`, await page.screenshot({ omitBackground: true, type: 'png' }));
  } finally {
    await browser.close();
  }
}

const logo = await readFile(`${dir}logo.svg`, 'utf8');
await render(logo, 192, 'color.png');
await render(outline, 32, 'outline.png');
// The Outlook ribbon's button icons, served with the pane (addins/outlook/icons -> /app/outlook/icons/).
for (const size of [16, 32, 80]) await render(logo, size, `../../addins/outlook/icons/icon-${size}.png`);
console.log('wrote icons/color.png (192x192), icons/outline.png (32x32) and the ribbon icons (16, 32, 80)');
