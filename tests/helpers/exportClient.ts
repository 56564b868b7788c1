import { request as httpRequest, type IncomingMessage } from 'node:http';
import { encodeCursor } from '../../kernel';

/** What an export answered: status, headers, the whole body, and whether the body ended cleanly. */
export interface ExportAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** False when the response was cut (no terminating chunk: the socket closed under it). */
  complete: boolean;
}

/** GET <gateway>/export/<path> with a bearer token, read to its end (or its abort). */
export function getExport(gatewayUrl: string, token: string | null, path: string, headers: Record<string, string> = {}): Promise<ExportAnswer> {
  const url = new URL(`/export/${path}`, gatewayUrl);
  return new Promise((resolve, reject) => {
    // A connection of its own: a kept-alive socket the gateway has since closed would meet ECONNRESET.
    const request = httpRequest(url, { agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      let complete = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        complete = true;
      });
      response.on('error', () => undefined);
      response.on('close', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), complete: complete && response.complete }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Parses an RFC 4180 CSV body (after its byte-order mark) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += character;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The list's keyset order of (date, id) pairs, newest first: the cursor each row should carry. */
export function recallCursor(document: { _id: string; announcedAt: Date }): string {
  return encodeCursor(document.announcedAt, document._id);
}
