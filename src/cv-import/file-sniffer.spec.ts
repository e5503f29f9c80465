import { makeDocx, makePdf, makeZip } from '../../test/fixtures/documents';
import { sniffFileType } from './file-sniffer';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64), Buffer.from('This program cannot be run in DOS mode')]);

describe('sniffFileType', () => {
  it('calls an empty or whitespace-only file empty', () => {
    expect(sniffFileType(Buffer.alloc(0), 'cv.pdf')).toBe('empty');
    expect(sniffFileType(Buffer.from(' \r\n\t \n'), 'cv.txt')).toBe('empty');
    expect(sniffFileType(Buffer.from('\uFEFF  \n', 'utf8'), 'cv.txt')).toBe('empty');
  });

  it('recognises a PDF by its signature, whatever its name', async () => {
    const pdf = await makePdf(['Ada Lovelace']);
    expect(sniffFileType(pdf, 'cv.pdf')).toBe('pdf');
    expect(sniffFileType(pdf, 'cv.txt')).toBe('pdf');
    expect(sniffFileType(pdf, 'noextension')).toBe('pdf');
  });

  it('recognises a DOCX as a zip holding word/document.xml', async () => {
    const docx = await makeDocx(['Ada Lovelace']);
    expect(sniffFileType(docx, 'cv.docx')).toBe('docx');
    expect(sniffFileType(docx, 'cv.pdf')).toBe('docx');
  });

  it('rejects other zip archives, even when named .docx', () => {
    const zip = makeZip({ 'readme.txt': 'hello', 'word/other.xml': '<x/>' });
    expect(sniffFileType(zip, 'cv.docx')).toBe('unsupported');
  });

  it('rejects binary content whatever the name says', () => {
    expect(sniffFileType(PNG, 'x.pdf')).toBe('unsupported');
    expect(sniffFileType(PNG, 'x.txt')).toBe('unsupported');
    expect(sniffFileType(EXE, 'cv.docx')).toBe('unsupported');
    expect(sniffFileType(Buffer.from('Ada\u0000Lovelace'), 'cv.txt')).toBe('unsupported');
    expect(sniffFileType(Buffer.from('Ada\u001bLovelace'), 'cv.txt')).toBe('unsupported');
  });

  it('rejects text that is not valid UTF-8', () => {
    // Latin-1 "Özgeçmiş"-like bytes: 0xD6 alone is an invalid UTF-8 sequence.
    expect(sniffFileType(Buffer.from([0xd6, 0x7a, 0x67, 0x65, 0xe7, 0x6d, 0x69, 0x73]), 'cv.txt')).toBe('unsupported');
  });

  it('treats UTF-8 text as txt, allowing tabs, CRLF and a BOM', () => {
    expect(sniffFileType(Buffer.from('Çağla Öztürk\r\nSkills:\tTypeScript\n', 'utf8'), 'cv.txt')).toBe('txt');
    expect(sniffFileType(Buffer.from('\uFEFFAda Lovelace\n', 'utf8'), 'whatever.bin')).toBe('txt');
  });

  it('treats text as csv when named .csv', () => {
    expect(sniffFileType(Buffer.from('a;b\n1;2\n'), 'contacts.CSV')).toBe('csv');
  });

  it('treats text as csv when the first non-empty line is a header with an email column', () => {
    expect(sniffFileType(Buffer.from('\n\nName,Email,Phone\nAda,ada@example.com,\n'), 'upload')).toBe('csv');
    expect(sniffFileType(Buffer.from('\uFEFFname;EMAIL\nAda;ada@example.com\n', 'utf8'), 'upload.txt')).toBe('csv');
  });

  it('keeps a résumé whose first line mentions an e-mail as txt', () => {
    expect(sniffFileType(Buffer.from('Email: ada@example.com, Phone: 555\n'), 'cv.txt')).toBe('txt');
    expect(sniffFileType(Buffer.from('Email me\nAda, Lovelace\n'), 'cv.txt')).toBe('txt');
  });
});
