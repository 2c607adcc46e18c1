// What each page ships: the bytes of its HTML, script and stylesheet, raw and gzipped. docs/pages.md
// quotes this table; the server can print it at start.
import { webBundle } from './load.ts';

export interface PageWeight {
  page: string;
  files: Array<{ url: string; raw: number; gzip: number }>;
  raw: number;
  gzip: number;
}

export async function pageWeights(): Promise<PageWeight[]> {
  const { files } = await webBundle();
  return [...files].map(([page, pageFiles]) => ({
    page,
    files: pageFiles.map((f) => ({ url: f.url, raw: f.body.length, gzip: f.gzip.length })),
    raw: pageFiles.reduce((sum, f) => sum + f.body.length, 0),
    gzip: pageFiles.reduce((sum, f) => sum + f.gzip.length, 0),
  }));
}

/**
 * The weights as a Markdown table.
 * @example console.log(await describePageWeights())
 *   // | page | raw bytes | gzip bytes | files |
 *   // | /kit | 41 234    | 14 321     | /kit, /assets/holder-….js, /assets/styles-….css |
 */
export async function describePageWeights(): Promise<string> {
  const rows = (await pageWeights()).map((w) => {
    const files = w.files.map((f) => `${f.url.replace(/-[A-Z0-9]+\./, '.')} ${f.raw}/${f.gzip}`).join(', ');
    return `| ${w.page} | ${w.raw} | ${w.gzip} | ${files} |`;
  });
  return ['| page | raw bytes | gzip bytes | files (raw/gzip) |', '|---|---:|---:|---|', ...rows].join('\n');
}
