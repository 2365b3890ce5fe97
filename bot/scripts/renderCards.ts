// Renders sample cards with the official adaptivecards JS renderer in headless Chromium and writes the docs'
// screenshots: sh scripts/node24.sh npx tsx bot/scripts/renderCards.ts
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { managerDigestCard } from '../src/cards/managerDigest';
import { myTasksCard } from '../src/cards/myTasks';
import { nextBestActionCard } from '../src/cards/nextBestAction';
import {
  SAMPLE_CONTEXT,
  SAMPLE_DIGEST,
  SAMPLE_ESCALATION,
  SAMPLE_NBA,
  SAMPLE_SLA,
  SAMPLE_TASKS,
} from '../src/cards/samples';
import type { AdaptiveCard } from '../src/cards/schema';
import { slaReminderCard } from '../src/cards/slaReminder';
import { TEAMS_LIGHT_HOST_CONFIG } from '../src/cards/teamsHostConfig';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = dirname(createRequire(import.meta.url).resolve('adaptivecards/package.json'));

/** One screenshot: the file under docs/images and the card, at the width Teams gives it. */
type Shot = { file: string; card: AdaptiveCard; width: number };

const SHOTS: Shot[] = [
  { file: 'bot-sla-reminder.png', card: slaReminderCard(SAMPLE_CONTEXT, SAMPLE_SLA), width: 460 },
  { file: 'bot-sla-escalation.png', card: slaReminderCard(SAMPLE_CONTEXT, SAMPLE_ESCALATION), width: 460 },
  { file: 'bot-next-best-action.png', card: nextBestActionCard(SAMPLE_CONTEXT, SAMPLE_NBA), width: 460 },
  // The digest asks for Teams' full width (`msteams.width: 'Full'`) for its table.
  { file: 'bot-digest.png', card: managerDigestCard(SAMPLE_CONTEXT, SAMPLE_DIGEST), width: 620 },
  { file: 'bot-my-tasks.png', card: myTasksCard(SAMPLE_CONTEXT, SAMPLE_TASKS), width: 460 },
];

// A Teams-like chat canvas: grey background, the card in a white rounded bubble; buttons in Teams' style.
const PAGE_CSS = `
  body { margin: 0; padding: 24px; background: #f5f5f5; font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; }
  #bubble { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12);
    overflow: hidden; display: inline-block; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #fff;
    border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { color: #c4314b; }
  .ac-pushButton.expanded { background: #e8ebfa; }
  /* The renderer's chevron needs Fabric's icon font; draw it with a plain glyph instead. */
  .ac-pushButton.expandable:after { font-family: inherit; font-size: 12px; content: '\\25BE'; margin-left: 6px; }
  .ac-pushButton.expandable.expanded:after { content: '\\25B4'; }
  /* Teams wraps buttons that do not fit rather than truncating their titles. */
  .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
  .ac-pushButton { flex: 0 0 auto !important; }
  .ac-input, .ac-input input, .ac-input textarea, .ac-input select { font-family: inherit; font-size: 14px; }
`;

/**
 * The renderer only handles markdown through a hook; this one understands what the cards use: `**bold**` of our
 * own figures and backslash escapes (so escaped user values show as typed, as Teams shows them).
 */
function installMarkdown(): void {
  const ac = (window as unknown as { AdaptiveCards: { AdaptiveCard: { onProcessMarkdown: unknown } } }).AdaptiveCards;
  ac.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
    const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const bold = html.replace(/(?<!\\)\*\*(.+?)(?<!\\)\*\*/g, '<strong>$1</strong>');
    result.outputHtml = bold.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    result.didProcess = true;
  };
}

/** Renders one card into the page and returns the problems the renderer reported. */
async function render(page: Page, shot: Shot): Promise<string[]> {
  await page.setContent(`<div id="bubble" style="width:${shot.width}px"></div>`);
  await page.addStyleTag({ path: join(rendererDir, 'dist', 'adaptivecards.css') });
  await page.addStyleTag({ content: PAGE_CSS });
  await page.addScriptTag({ path: join(rendererDir, 'dist', 'adaptivecards.min.js') });
  await page.evaluate(installMarkdown);
  return page.evaluate(
    ({ card, hostConfig }) => {
      type Ac = {
        AdaptiveCard: new () => {
          hostConfig: unknown;
          parse: (json: unknown, context: unknown) => void;
          render: () => HTMLElement | undefined;
        };
        HostConfig: new (json: unknown) => unknown;
        SerializationContext: new () => { eventCount: number; getEventAt: (i: number) => { message: string } };
      };
      const ac = (window as unknown as { AdaptiveCards: Ac }).AdaptiveCards;
      const adaptive = new ac.AdaptiveCard();
      adaptive.hostConfig = new ac.HostConfig(hostConfig);
      const context = new ac.SerializationContext();
      adaptive.parse(card, context);
      const rendered = adaptive.render();
      if (rendered === undefined) return ['the renderer produced nothing'];
      document.getElementById('bubble')?.appendChild(rendered);
      return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
    },
    { card: shot.card, hostConfig: TEAMS_LIGHT_HOST_CONFIG },
  );
}

async function main(): Promise<void> {
  const outDir = join(root, 'docs', 'images');
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 2 });
    for (const shot of SHOTS) {
      const problems = await render(page, shot);
      if (problems.length > 0) throw new Error(`${shot.file}: ${problems.join('; ')}`);
      await page.locator('#bubble').screenshot({ path: join(outDir, shot.file) });
      console.log(`wrote docs/images/${shot.file}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
