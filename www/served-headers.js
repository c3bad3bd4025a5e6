// Whether the site was served with the headers docs/deploy.md asks for. A <meta> policy cannot
// say who may frame the page, so only the server's Content-Security-Policy header can; when it
// is missing, whoever runs the site is told (the console, and a line at the page's foot). One
// HEAD request of the page itself, as it loads; never after a file is chosen.

/** Checks the page's own headers; resolves to the problem found, or null. */
export async function checkServedHeaders(note) {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  let policy;
  try {
    const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
    policy = response.headers.get('content-security-policy');
  } catch {
    return null;
  }
  if (policy && /(^|;)\s*frame-ancestors\s/.test(policy)) return null;
  const problem = policy
    ? '本站的 Content-Security-Policy 响应头没有 frame-ancestors，其他网站可以嵌入本页。 The site\'s Content-Security-Policy header has no frame-ancestors, so other sites can frame this page.'
    : '本站没有发送 Content-Security-Policy 响应头。 The site sends no Content-Security-Policy header.';
  const advice = '（致网站管理员：应发送的响应头见 docs/deploy.md。 To whoever runs this site: see docs/deploy.md for the headers to send.）';
  console.warn(`huqing: ${problem} ${advice}`);
  if (note) {
    note.textContent = `${problem}${advice}`;
    note.hidden = false;
  }
  return problem;
}
