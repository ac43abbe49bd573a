/**
 * Where the browser pages' icon is served. A page that names no icon makes the browser ask
 * for /favicon.ico, whose 404 it reports as an error on the page's console.
 */
export const iconPath = '/assets/gatehouse.svg';

/** The icon: a gateway arch on the pages' accent colour. */
export const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#2f5bd3"/>' +
  '<path d="M8 26V14a8 8 0 0 1 16 0v12h-4.5V14a3.5 3.5 0 0 0-7 0v12z" fill="#fff"/></svg>\n';
