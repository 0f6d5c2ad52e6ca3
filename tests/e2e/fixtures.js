// Every spec imports `test` from here: the same as @playwright/test's, plus an automatic check
// that the page broke no Content-Security-Policy rule (the server sends a strict CSP; an inline
// script, handler or style source it forbids fails the test that loaded it).
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  cspViolations: [async ({ page }, use) => {
    const violations = [];
    await page.exposeBinding('__reportCspViolation', (_source, v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} `
          + `at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
      });
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
        violations.push(msg.text());
      }
    });
    await use(violations);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  }, { auto: true }],
});

export { expect };
