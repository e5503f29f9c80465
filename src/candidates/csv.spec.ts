import { csvField, csvLine } from './csv';

describe('CSV export fields', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvField('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
  });

  it('neutralises formula injection', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+90 532')).toBe("'+90 532");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes null as empty and lists joined', () => {
    expect(csvLine([1, null, ['a', 'b'], 'x'])).toBe('1,,a; b,x\r\n');
  });
});
