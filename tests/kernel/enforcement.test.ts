import {
  assistanceReplyDeadline,
  caseNumberProblem,
  DEFAULT_WORKING_DAY_CALENDAR,
  formatCaseNumber,
  isAssistanceOverdue,
  parseCaseNumber,
  regionOfCaseNumber,
} from '../../kernel';
import { caseNumberOwner } from '../../contract';

describe('enforcement case numbers (行政处罚决定书文号)', () => {
  it('formats and parses the official form, the abbreviation giving the region', () => {
    expect(formatCaseNumber('TJ', 'ADVERTISING', 2026, 12)).toBe('津市监广罚〔2026〕12号');
    expect(formatCaseNumber('BJ', 'ONLINE_TRADE', 2026, 7)).toBe('京市监网罚〔2026〕7号');
    expect(parseCaseNumber('冀市监传罚〔2025〕103号')).toEqual({ region: 'HE', bureau: '市监传', year: 2025, serial: 103 });
    // A district bureau's number is a number of its region too.
    expect(regionOfCaseNumber('京朝市监罚〔2026〕5号')).toBe('BJ');
    expect(caseNumberOwner('津市监广罚〔2026〕12号')).toBe('TJ');
  });

  it('refuses what is not one: brackets, serial, another region, a year out of range', () => {
    for (const bad of ['津市监广罚[2026]12号', '津市监广罚〔2026〕012号', '沪市监广罚〔2026〕12号', '津市监广罚〔2026〕12', 'TJ-ENF-2026-000012', '']) {
      expect(parseCaseNumber(bad)).toBeNull();
      expect(caseNumberOwner(bad)).toBeNull();
    }
    const filedAt = new Date('2026-03-02T02:00:00Z');
    expect(caseNumberProblem('津市监广罚〔2026〕12号', 'TJ', filedAt)).toBeNull();
    expect(caseNumberProblem('津市监广罚〔2025〕12号', 'TJ', filedAt)).toBeNull();
    expect(caseNumberProblem('京市监广罚〔2026〕12号', 'TJ', filedAt)).toMatch(/津/);
    expect(caseNumberProblem('津市监广罚〔2024〕12号', 'TJ', filedAt)).toMatch(/2024/);
    expect(caseNumberProblem('津市监广罚〔2027〕12号', 'TJ', filedAt)).toMatch(/2027/);
  });
});

describe('assistance reply deadlines in working days (hand-counted across 春节 2026)', () => {
  // Sent Tuesday 10 February 2026, 10:00 Shanghai. Counted: 11, 12, 13, 14 (Saturday worked), 24, 25, 26, 27,
  // 28 (Saturday worked), 2, 3, 4, 5, 6, 9 March; 15–23 February off.
  const sentAt = new Date('2026-02-10T10:00:00+08:00');

  it.each([
    ['VERIFY_REGISTRATION', undefined, '2026-03-09T15:59:59.999Z'],
    ['IDENTIFY_STORE_OPERATOR', undefined, '2026-03-09T15:59:59.999Z'],
    ['SERVE_DOCUMENTS', undefined, '2026-03-02T15:59:59.999Z'],
    ['COLLECT_EVIDENCE', 5, '2026-02-24T15:59:59.999Z'],
  ] as const)('%s (%s working days given) is due at the end of the day of %s', (type, workingDays, due) => {
    const deadline = assistanceReplyDeadline(sentAt, type, DEFAULT_WORKING_DAY_CALENDAR, workingDays);
    expect(deadline).toEqual({ at: new Date(due), provisional: false });
  });

  it('is provisional when it is counted into a year with no calendar file', () => {
    const deadline = assistanceReplyDeadline(new Date('2026-12-20T10:00:00+08:00'), 'VERIFY_REGISTRATION', DEFAULT_WORKING_DAY_CALENDAR);
    expect(deadline.provisional).toBe(true);
  });

  it('is overdue only while a reply is owed', () => {
    const replyDeadline = new Date('2026-03-09T15:59:59.999Z');
    const after = new Date('2026-03-10T01:00:00Z');
    expect(isAssistanceOverdue({ status: 'SENT', replyDeadline }, after)).toBe(true);
    expect(isAssistanceOverdue({ status: 'ACCEPTED', replyDeadline }, after)).toBe(true);
    expect(isAssistanceOverdue({ status: 'ACCEPTED', replyDeadline }, new Date('2026-03-09T15:00:00Z'))).toBe(false);
    for (const status of ['REPLIED', 'CLOSED', 'DECLINED'] as const) expect(isAssistanceOverdue({ status, replyDeadline }, after)).toBe(false);
  });
});
