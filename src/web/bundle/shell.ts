// The pages and their HTML shells. Each shell only loads its script and the stylesheet; the script draws the
// page in the remembered language. Later pages (the /reader display) are added to PAGES.
import type { HolderChannel } from '../../domain/channels.ts';

export type Entry = 'holder' | 'landing' | 'staff' | 'ops' | 'outlets' | 'reader';

export interface Page {
  path: string;
  entry: Entry;
  /** Shown before the script runs, and to search engines. */
  title: string;
  /** Set on <html data-channel>: which holder channel the page serves. */
  channel?: HolderChannel;
  /** Set on <html data-desk>: which desktop staff page the staff bundle draws. */
  desk?: 'staff' | 'outlet' | 'service' | 'ops';
  /** A stylesheet other than the shared one (the desktop staff pages'). */
  styles?: 'desk-styles' | 'ops-styles' | 'reader-styles';
}

export const PAGES: readonly Page[] = [
  { path: '/', entry: 'landing', title: '交通一卡通升级 · Transportation Card Upgrade' },
  { path: '/kit', entry: 'holder', channel: 'kit', title: 'Health Kit(健康宝)交通一卡通升级 · Transportation Card Upgrade' },
  { path: '/app', entry: 'holder', channel: 'app', title: '北京一卡通 · Beijing Yikatong' },
  { path: '/outlets', entry: 'outlets', title: '服务网点 · Service outlets' },
  { path: '/reader', entry: 'reader', styles: 'reader-styles', title: '读卡器演示 · Reader display' },
  { path: '/staff', entry: 'staff', desk: 'staff', styles: 'desk-styles', title: '站务协助 · Station assistance' },
  { path: '/outlet', entry: 'staff', desk: 'outlet', styles: 'desk-styles', title: '网点柜台 · Outlet desk' },
  { path: '/service', entry: 'staff', desk: 'service', styles: 'desk-styles', title: '客服工单 · Customer service' },
  { path: '/ops', entry: 'ops', desk: 'ops', styles: 'ops-styles', title: '运营管理 · Operations' },
];

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(page: Page, scriptUrl: string, stylesUrl: string): string {
  const channel = (page.channel ? ` data-channel="${page.channel}"` : '') + (page.desk ? ` data-desk="${page.desk}"` : '');
  return `<!doctype html>
<html lang="zh-CN"${channel}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#ededed">
<title>${escape(page.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${stylesUrl}">
<script type="module" src="${scriptUrl}"></script>
</head>
<body>
<div id="root"><noscript><p lang="zh-CN">请启用 JavaScript 后使用本页面。</p><p lang="en">Please enable JavaScript to use this page.</p></noscript></div>
</body>
</html>
`;
}
