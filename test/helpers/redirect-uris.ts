/** Redirect URIs no browser flow should trust, and the reason each is refused. */
export const untrustedRedirectUris: Array<[string, string]> = [
  [
    'https://*.evil.example/cb',
    'redirect URI must not contain a wildcard: https://*.evil.example/cb',
  ],
  ['https://app.example/*', 'redirect URI must not contain a wildcard: https://app.example/*'],
  ['https:/\\evil.example', 'redirect URI must not contain a backslash: https:/\\evil.example'],
  [
    'https:\\\\evil.example/cb',
    'redirect URI must not contain a backslash: https:\\\\evil.example/cb',
  ],
  [
    'https:evil.example',
    'redirect URI must be written in its normalised form, https://evil.example/: https:evil.example',
  ],
  [
    'http://0x7f.1/cb',
    'redirect URI must be written in its normalised form, http://127.0.0.1/cb: http://0x7f.1/cb',
  ],
  [
    'http://2130706433/cb',
    'redirect URI must be written in its normalised form, http://127.0.0.1/cb: http://2130706433/cb',
  ],
  [
    'http://127.1/cb',
    'redirect URI must be written in its normalised form, http://127.0.0.1/cb: http://127.1/cb',
  ],
  [
    'https://App.Example/cb',
    'redirect URI must be written in its normalised form, https://app.example/cb: https://App.Example/cb',
  ],
  [
    'https://app.example/a/../cb',
    'redirect URI must be written in its normalised form, https://app.example/cb: https://app.example/a/../cb',
  ],
  [
    'https://app.example/c b',
    'redirect URI must be written in its normalised form, https://app.example/c%20b: https://app.example/c b',
  ],
  ['ms-word:ofe|u|https://evil', 'redirect URI scheme not allowed: ms-word:ofe|u|https://evil'],
  [
    'blob:https://app.example/0c000000-0000-4000-8000-000000000001',
    'redirect URI scheme not allowed: blob:https://app.example/0c000000-0000-4000-8000-000000000001',
  ],
  [
    'view-source:https://app.example/cb',
    'redirect URI scheme not allowed: view-source:https://app.example/cb',
  ],
  ['about:blank', 'redirect URI scheme not allowed: about:blank'],
  ['javascript:alert(1)', 'redirect URI scheme not allowed: javascript:alert(1)'],
  ['data:text/html,hi', 'redirect URI scheme not allowed: data:text/html,hi'],
  ['file:///etc/passwd', 'redirect URI scheme not allowed: file:///etc/passwd'],
  ['myapp:/callback', 'redirect URI scheme not allowed: myapp:/callback'],
  [
    'https://user:pass@app.example/cb',
    'redirect URI must not contain a user name or password: https://user:pass@app.example/cb',
  ],
  [
    'https://app.example@evil.example/cb',
    'redirect URI must not contain a user name or password: https://app.example@evil.example/cb',
  ],
  [
    'http://app.example/cb',
    'redirect URI must use https (or a loopback host): http://app.example/cb',
  ],
  [
    'http://localhost.evil.example/cb',
    'redirect URI must use https (or a loopback host): http://localhost.evil.example/cb',
  ],
  ['https://app.example/cb#x', 'redirect URI must not have a fragment: https://app.example/cb#x'],
  ['/cb', 'redirect URI is not an absolute URI: /cb'],
];
