// axe-core in the page under test: the serious and critical violations, each as one readable line.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no inline scripts) allows.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: unknown }>;
}

/** What axe-core finds serious or critical on the page as it is now (empty when nothing). */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/**
 * Every visible control smaller than `min` × `min` CSS px, as "tag 'name' w×h" lines (empty when none).
 * A checkbox or radio counts by its label when the label wraps it, since the label is what a finger presses.
 */
export async function smallTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((least) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [role=button]'))) {
      const target = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < least || box.height < least) out.push(`${el.tagName.toLowerCase()} '${(el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 40)}' ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return out;
  }, min);
}
