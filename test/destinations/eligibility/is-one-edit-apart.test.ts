import { describe, expect, it } from 'vitest';
import { isOneEditApart } from '../../../server/destinations/eligibility/is-one-edit-apart.js';

describe('isOneEditApart', () => {
  it.each([
    ['gmail.com', 'gmail.com'], ['gmial.com', 'gmail.com'], ['gmai.com', 'gmail.com'], ['gmaill.com', 'gmail.com'],
    ['gnail.com', 'gmail.com'], ['gmail.co', 'gmail.com'], ['mgail.com', 'gmail.com'], ['gmail.cmo', 'gmail.com'], ['', 'a'],
  ])('%s and %s are at most one slip apart', (a, b) => {
    expect(isOneEditApart(a, b)).toBe(true);
    expect(isOneEditApart(b, a)).toBe(true);
  });

  it.each([
    ['acme.com', 'me.com'], ['mac.com', 'mail.com'], ['gmx.net', 'cox.net'], ['protonmail.ch', 'protonmail.com'],
    ['hotmai.con', 'hotmail.co'], ['abc', 'cba'], ['gmail.com', 'gmali.cmo'], ['', 'ab'],
  ])('%s and %s are further apart', (a, b) => {
    expect(isOneEditApart(a, b)).toBe(false);
    expect(isOneEditApart(b, a)).toBe(false);
  });
});
