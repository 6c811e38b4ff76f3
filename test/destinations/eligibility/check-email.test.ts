import { describe, expect, it } from 'vitest';
import { checkEmail } from '../../../server/destinations/eligibility/check-email.js';

describe('checkEmail', () => {
  it.each([
    'ann@example.com',
    'ann.lee+news@example.co.uk',
    '  ann@example.com  ',
    'Ann.Lee@Example.COM',
    'o\'brien@example.ie',
    'jörg@bücher.de',
  ])('accepts %s', (email) => {
    expect(checkEmail(email)).toEqual({ ok: true, typoSuggestion: null });
  });

  it.each([
    'a@b',
    'x@localhost',
    'bad@@example.com',
    'trailing.@example.com',
    'ann@192.168.0.1',
    'Ann <ann@example.com>',
    'ann example@example.com',
    'no-at-sign.example.com',
    '',
  ])('refuses the syntax of %j', (email) => {
    expect(checkEmail(email)).toEqual({ ok: false, reason: 'invalid_syntax', typoSuggestion: null });
  });

  it('hints a typo without correcting it; a domain the list flags stays excluded as disposable', () => {
    expect(checkEmail('ann@gmial.com')).toEqual({ ok: false, reason: 'disposable', typoSuggestion: 'gmail.com' });
    expect(checkEmail('ann@hotmial.com')).toEqual({ ok: false, reason: 'disposable', typoSuggestion: 'hotmail.com' });
    expect(checkEmail('ANN@GMIAL.COM')).toEqual({ ok: false, reason: 'disposable', typoSuggestion: 'gmail.com' });
  });

  it('never excludes for a typo hint alone', () => {
    expect(checkEmail('ann@gmail.co')).toEqual({ ok: true, typoSuggestion: 'gmail.com' });
    expect(checkEmail('ann@gmail.com')).toEqual({ ok: true, typoSuggestion: null });
    expect(checkEmail('sales.lead@acme.io')).toEqual({ ok: true, typoSuggestion: null });
  });

  it.each(['acme.com', 'mac.com', 'gmx.net', 'att.com', 'cox.com', 'libero.it', 'protonmail.ch', 'btinternet.co.uk', 'uol.com.br'])(
    'hints nothing for the real domain %s that the spell checker would "correct" by two edits or more',
    (domain) => {
      expect(checkEmail(`ann@${domain}`)).toEqual({ ok: true, typoSuggestion: null });
    },
  );

  it.each([
    ['gamil.com', 'gmail.com'], ['gnail.com', 'gmail.com'], ['gmail.con', 'gmail.com'], ['hotmal.com', 'hotmail.com'],
    ['outlok.com', 'outlook.com'], ['icloud.co', 'icloud.com'],
  ])('hints %s → %s', (typed, meant) => {
    expect(checkEmail(`ann@${typed}`).typoSuggestion).toBe(meant);
  });

  it('flags disposable domains and their sub-domains', () => {
    expect(checkEmail('ann@mailinator.com')).toEqual({ ok: false, reason: 'disposable', typoSuggestion: null });
    expect(checkEmail('ann@sub.mailinator.com')).toEqual({ ok: false, reason: 'disposable', typoSuggestion: null });
    expect(checkEmail('ann@MAILINATOR.com')).toMatchObject({ ok: false, reason: 'disposable' });
  });

  it.each([
    'info@acme.com',
    'sales@acme.com',
    'noreply@acme.com',
    'no-reply@acme.com',
    'Info@Acme.com',
    'info+shop@acme.com',
    'SALES+2026@acme.com',
  ])('flags the role account %s', (email) => {
    expect(checkEmail(email)).toEqual({ ok: false, reason: 'role_account', typoSuggestion: null });
  });

  it('reads the role from the local part before "+" only', () => {
    expect(checkEmail('ann+info@acme.com')).toEqual({ ok: true, typoSuggestion: null });
    expect(checkEmail('information.desk.ann@acme.com')).toEqual({ ok: true, typoSuggestion: null });
  });

  it('checks the disposable domain before the role', () => {
    expect(checkEmail('info@mailinator.com')).toMatchObject({ ok: false, reason: 'disposable' });
  });

  it('keeps the typo hint on a role account', () => {
    expect(checkEmail('info@gmail.co')).toEqual({ ok: false, reason: 'role_account', typoSuggestion: 'gmail.com' });
  });
});
