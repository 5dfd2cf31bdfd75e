/**
 * A small parser for XML property lists (the form configuration profiles and `defaults export` write),
 * used where `plutil` is not available. Supports dict, array, string, integer, real, true, false and date;
 * `data` is kept as its base64 text. Throws on anything malformed.
 */

type Token = { kind: 'open' | 'close' | 'empty'; name: string } | { kind: 'text'; text: string };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    const named = ENTITIES[body];
    if (named === undefined) throw new Error('plist: unknown entity');
    return named;
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z]+)(\s[^>]*?)?(\/?)>|([^<]+)/g;
  let last = 0;
  for (const match of xml.matchAll(pattern)) {
    if (match.index !== last) throw new Error('plist: unexpected markup');
    last = match.index + match[0].length;
    if (match[5] !== undefined) {
      tokens.push({ kind: 'text', text: decodeEntities(match[5]) });
    } else if (match[2] !== undefined) {
      const kind = match[1] === '/' ? 'close' : match[4] === '/' ? 'empty' : 'open';
      tokens.push({ kind, name: match[2] });
    }
  }
  if (last !== xml.length) throw new Error('plist: unexpected markup');
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new Error('plist: unexpected end');
    return token;
  }

  private skipWhitespace(): void {
    for (let token = this.tokens[this.index]; token?.kind === 'text' && token.text.trim() === ''; token = this.tokens[this.index]) this.index++;
  }

  private textUntilClose(name: string): string {
    let text = '';
    for (let token = this.next(); ; token = this.next()) {
      if (token.kind === 'text') text += token.text;
      else if (token.kind === 'close' && token.name === name) return text;
      else throw new Error(`plist: unexpected element inside <${name}>`);
    }
  }

  private expectClose(name: string): void {
    this.skipWhitespace();
    const token = this.next();
    if (token.kind !== 'close' || token.name !== name) throw new Error(`plist: expected </${name}>`);
  }

  document(): unknown {
    this.skipWhitespace();
    const root = this.next();
    if (root.kind !== 'open' || root.name !== 'plist') throw new Error('plist: missing <plist>');
    const value = this.value();
    this.expectClose('plist');
    this.skipWhitespace();
    if (this.index !== this.tokens.length) throw new Error('plist: content after </plist>');
    return value;
  }

  value(): unknown {
    this.skipWhitespace();
    const token = this.next();
    if (token.kind === 'empty') {
      if (token.name === 'true') return true;
      if (token.name === 'false') return false;
      if (token.name === 'string') return '';
      if (token.name === 'dict') return {};
      if (token.name === 'array') return [];
      throw new Error(`plist: unsupported <${token.name}/>`);
    }
    if (token.kind !== 'open') throw new Error('plist: expected a value');
    switch (token.name) {
      case 'string':
      case 'date':
      case 'data':
        return this.textUntilClose(token.name);
      case 'integer': {
        const text = this.textUntilClose('integer').trim();
        if (!/^[+-]?\d+$/.test(text)) throw new Error('plist: bad <integer>');
        return Number(text);
      }
      case 'real': {
        const number = Number(this.textUntilClose('real').trim());
        if (Number.isNaN(number)) throw new Error('plist: bad <real>');
        return number;
      }
      case 'true':
      case 'false':
        this.expectClose(token.name);
        return token.name === 'true';
      case 'array':
        return this.array();
      case 'dict':
        return this.dict();
      default:
        throw new Error(`plist: unsupported <${token.name}>`);
    }
  }

  private array(): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      this.skipWhitespace();
      const token = this.tokens[this.index];
      if (token?.kind === 'close' && token.name === 'array') {
        this.index++;
        return items;
      }
      items.push(this.value());
    }
  }

  private dict(): Record<string, unknown> {
    const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (;;) {
      this.skipWhitespace();
      const token = this.next();
      if (token.kind === 'close' && token.name === 'dict') return { ...result };
      if (token.kind !== 'open' || token.name !== 'key') throw new Error('plist: expected <key>');
      const key = this.textUntilClose('key');
      result[key] = this.value();
    }
  }
}

export function parseXmlPlist(xml: string): unknown {
  return new Parser(tokenize(xml)).document();
}
