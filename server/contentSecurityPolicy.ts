/**
 * The production server's Content-Security-Policy (issue 15: a teacher's files never leave the machine).
 * Pure; Node's crypto for the inline scripts' hashes.
 */
import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of every response: scripts, workers, styles, images and fonts from this origin
 * only (the codecs' WebAssembly compiled, index.html's one inline script by its hash), requests to this origin
 * and its own live-session websocket only, so a teacher's local files cannot be sent anywhere and no injected
 * text can load anything. Blob URLs are a local case's stored files.
 * @param host - the Host the page was asked for (its websocket's address)
 * @param inlineScriptHashes - the page's inline scripts allowed (see {@link inlineScriptHashes})
 */
export function contentSecurityPolicy(host: string, inlineScriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' ${inlineScriptHashes.map((h) => `'${h}'`).join(' ')}`.trim(),
    "worker-src 'self' blob:",
    `connect-src 'self' blob: ws://${host} wss://${host}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** SHA-256 hashes (CSP source form) of the inline scripts of a page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}`,
  );
}
