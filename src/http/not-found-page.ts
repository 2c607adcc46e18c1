// What a browser gets for a path that is not a page: a small page in both languages with the way back, not
// the API's JSON. API paths keep their coded JSON 404 whatever the Accept header says: their clients read codes.
import type { FastifyRequest } from 'fastify';

/** Whether a not-found request is a person's browser navigating, who should get the page. */
export function wantsNotFoundPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (/^\/api(\/|$)/.test(request.url)) return false;
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

// Self-contained (no script, its own few styles) so that it shows even where the page bundle is missing.
export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面不存在 · Page not found</title>
<style>
body { margin: 0; padding: 1.5rem 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #ededed; }
main { max-width: 30rem; margin: 0 auto; }
section { background: #fff; border-radius: 8px; padding: .5rem 1rem 1rem; margin: 0 0 1rem; }
h1 { font-size: 1.25rem; }
a { display: flex; align-items: center; min-height: 44px; color: #0b57d0; }
</style>
</head>
<body>
<main>
<section lang="zh-CN">
<h1>页面不存在</h1>
<p>您打开的地址没有对应的页面,可能是链接不完整或已过期。</p>
<a href="/">返回首页</a>
<a href="/kit">交通一卡通升级</a>
</section>
<section lang="en">
<h1>Page not found</h1>
<p>There is no page at this address; the link may be incomplete or out of date.</p>
<a href="/">Go to the home page</a>
<a href="/kit">Transportation Card Upgrade</a>
</section>
</main>
</body>
</html>
`;
