import { replacePersonalData, type PersonalDataKind } from './anonymise';

/**
 * How a personal value reads for a caller who may not see it (complaints' consumers, enforcement cases' and assistance
 * requests' natural-person parties): enough to tell records apart, not enough to identify anyone.
 */

export function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(Math.min(characters.length - 1, 3))}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

export function maskAddress(address: string): string {
  const characters = [...address];
  return `${characters.slice(0, Math.min(6, characters.length)).join('')}****`;
}

/** 110105********123X: the first six (the issuing county) and the last four characters stay. */
export function maskResidentId(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** z***@example.com: the first character of the local part and the domain stay. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

/** A person's values as they may appear in a free text, each with its mask. */
export interface PersonalValues {
  names?: readonly string[];
  phones?: readonly string[];
  addresses?: readonly string[];
  idNumbers?: readonly string[];
}

/** The free text with the given people's values, and any mobile, resident ID number or e-mail, masked (anonymise.ts's finder). */
export function maskFreeText(text: string, values: PersonalValues): string {
  const names = new Set(values.names ?? []);
  const phones = new Set(values.phones ?? []);
  const ids = new Set(values.idNumbers ?? []);
  const all = [...names, ...phones, ...(values.addresses ?? []), ...ids];
  const mask = (match: string, kind: PersonalDataKind, value?: string): string => {
    if (kind === 'RESIDENT_ID' || (value !== undefined && ids.has(value))) return maskResidentId(match);
    if (kind === 'EMAIL') return maskEmail(match);
    if (kind === 'MOBILE' || (value !== undefined && phones.has(value))) return maskPhone(match);
    return value !== undefined && names.has(value) ? maskName(match) : maskAddress(match);
  };
  return replacePersonalData(text, all, mask);
}
