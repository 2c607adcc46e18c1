import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  afterHolderReply,
  ageMinutes,
  detectLang,
  normalizeEmail,
  replySubject,
  subjectTicketId,
  TICKET_STATES,
  TRANSITIONS,
  transitionRefusal,
} from '../../src/domain/tickets.ts';

test('allows exactly the documented moves between ticket states', () => {
  const allowed = TICKET_STATES.flatMap((from) => TICKET_STATES.filter((to) => transitionRefusal(from, to) === null).map((to) => `${from}→${to}`));
  assert.deepEqual(allowed, [
    'open→pending-holder', 'open→resolved', 'open→closed',
    'pending-holder→open', 'pending-holder→resolved', 'pending-holder→closed',
    'resolved→open', 'resolved→closed',
  ]);
});

test('treats closed as final and refuses staying in place', () => {
  assert.deepEqual(TRANSITIONS.closed, []);
  for (const state of TICKET_STATES) assert.equal(transitionRefusal(state, state), 'TICKET_TRANSITION_INVALID');
});

test("reopens a ticket the desk was waiting on or thought solved when the holder writes, and refuses a closed one", () => {
  assert.equal(afterHolderReply('open'), 'open');
  assert.equal(afterHolderReply('pending-holder'), 'open');
  assert.equal(afterHolderReply('resolved'), 'open');
  assert.equal(afterHolderReply('closed'), 'refused');
});

test('tells Chinese from English text, for replying in the holder language', () => {
  assert.equal(detectLang('我的卡刷不了'), 'zh');
  assert.equal(detectLang('My card is refused at the gate'), 'en');
  assert.equal(detectLang('Card 1000751000000001 at 西'), 'en', 'one stray character is not enough');
  assert.equal(detectLang('Hello, 我的卡 does not work'), 'zh');
});

test('finds the [#id] tag in a reply subject and writes it into ours', () => {
  assert.equal(subjectTicketId('Re: [#42] 卡片问题'), 42);
  assert.equal(subjectTicketId('RE: RE: [#7]'), 7);
  assert.equal(subjectTicketId('No tag here #42'), null);
  assert.equal(subjectTicketId('[#0] zero'), null);
  assert.equal(replySubject(42, 'Re: 回复: [#42] 卡片问题'), 'Re: [#42] 卡片问题');
});

test('compares e-mail addresses without display names or case', () => {
  assert.equal(normalizeEmail('Bob Smith <Bob@Example.COM>'), 'bob@example.com');
  assert.equal(normalizeEmail('  alice@example.com '), 'alice@example.com');
});

test('counts whole minutes since opening, never below zero', () => {
  assert.equal(ageMinutes(0, 119_999), 1);
  assert.equal(ageMinutes(10_000, 0), 0);
});
