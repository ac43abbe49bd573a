/**
 * How long an access code for the install handshake may be redeemed, in seconds: the
 * contract's fixture says 15 minutes (docs/partly.md). The access-code service issues codes
 * with it unless told otherwise (services.ts).
 */
export const partlyAccessCodeTtl = 15 * 60;
