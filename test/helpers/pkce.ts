/**
 * The PKCE pair of RFC 7636 Appendix B: a code verifier and its S256 challenge, as a client
 * makes them, for the suites that issue codes bound to a challenge.
 */
export const pkce = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  /** A well-formed verifier that is not the one of `challenge`. */
  otherVerifier: 'a'.repeat(43),
} as const;
