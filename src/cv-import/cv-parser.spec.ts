import { isValidEmail, MAX_PARSE_LENGTH, parseResume, SKILL_DICTIONARY } from './cv-parser';

const RESUME = `Curriculum Vitae
Ada Lovelace
Senior Software Engineer | London
ADA.Lovelace@Example.COM | +44 20 7946 0958

Summary
Software engineer with 7 years of experience building payment systems.

Experience
2015-2020 Analytical Engines Ltd — TypeScript, Node.js and PostgreSQL on AWS.
2020 - 2024 Difference Co. — Kubernetes, Docker, GraphQL.

Skills: JavaScript, React, C++, CI/CD, Git`;

describe('parseResume', () => {
  it('reads a typical résumé', () => {
    expect(parseResume(RESUME, ['GraphQL', 'Kafka'])).toEqual({
      name: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      phone: '+44 20 7946 0958',
      skills: [
        'GraphQL',
        'TypeScript',
        'JavaScript',
        'Node.js',
        'React',
        'C++',
        'PostgreSQL',
        'Docker',
        'Kubernetes',
        'AWS',
        'Git',
        'CI/CD',
      ],
      yearsExperience: 7,
    });
  });

  it('finds nothing in a résumé with nothing in it', () => {
    expect(parseResume('', [])).toEqual({ name: null, email: null, phone: null, skills: [], yearsExperience: null });
    expect(parseResume('lorem ipsum dolor sit amet\nconsectetur adipiscing elit', ['Kafka'])).toEqual({
      name: null,
      email: null,
      phone: null,
      skills: [],
      yearsExperience: null,
    });
  });

  describe('e-mail', () => {
    it('takes the first valid address, lower-cased', () => {
      expect(parseResume('Contact: mailto:Ada@Example.org or ada@work.example.com', []).email).toBe('ada@example.org');
      expect(parseResume('ada.k-love+cv@mail.example.co.uk.', []).email).toBe('ada.k-love+cv@mail.example.co.uk');
    });

    it('ignores things that only resemble addresses', () => {
      expect(parseResume('@ada on Twitter, ada@localhost, a@b.c', []).email).toBeNull();
    });

    it('validates whole addresses', () => {
      expect(isValidEmail('ada@example.com')).toBe(true);
      expect(isValidEmail('ada@example')).toBe(false);
      expect(isValidEmail('ada example@example.com')).toBe(false);
      expect(isValidEmail('')).toBe(false);
    });
  });

  describe('phone', () => {
    it.each([
      ['Phone: +90 532 123 45 67', '+90 532 123 45 67'],
      ['Tel: (555) 123-4567', '555 123 4567'],
      ['GSM 0532 123 4567', '0532 123 4567'],
      ['+1 (555) 123-4567 (mobile)', '+1 555 123 4567'],
      ['Call 555.123.4567 anytime', '555 123 4567'],
      ['Mobile:+905321234567', '+905321234567'],
      ['05321234567', '05321234567'],
    ])('reads %j', (text, phone) => {
      expect(parseResume(text, []).phone).toBe(phone);
    });

    it.each([
      '2015-2020 Software Engineer',
      '2010 - 2015 2016 - 2020',
      '2010-2015-2020',
      '01.02.2015 - 03.04.2020',
      '2015.01 - 2020.12 Acme',
      '12/05/2019',
      'Postcode 34000, born 1990',
      'IBAN TR33 0006 1005 1978 6457 8413 26',
      '123456789',
      '1234567890123456',
    ])('does not take %j for a phone number', (text) => {
      expect(parseResume(text, []).phone).toBeNull();
    });

    it('prefers a formatted number over a bare run of digits such as an ID number', () => {
      expect(parseResume('TC Kimlik No: 12345678901\nTelefon: 0532 123 45 67', []).phone).toBe('0532 123 45 67');
    });
  });

  describe('name', () => {
    it.each([
      ['Ada Lovelace\nada@example.com', 'Ada Lovelace'],
      ['Çağla Öztürk\nYazılım Mühendisi', 'Çağla Öztürk'],
      ['ÖZGEÇMİŞ\nİlkay Şahin Gündoğdu', 'İlkay Şahin Gündoğdu'],
      ['Curriculum Vitae\n\nJean-Luc O’Brien\nParis', 'Jean-Luc O’Brien'],
      ['RESUME\nCV\nLudwig van Beethoven', 'Ludwig van Beethoven'],
      ['Name: Ada Lovelace\nEmail: ada@example.com', 'Ada Lovelace'],
      ['Ad Soyad: Çağla Öztürk', 'Çağla Öztürk'],
      ['Ada Lovelace | Software Engineer | London', 'Ada Lovelace'],
      ['ADA LOVELACE\nLondon', 'ADA LOVELACE'],
      ['Ada K. Lovelace', 'Ada K. Lovelace'],
    ])('finds the name in %j', (text, name) => {
      expect(parseResume(text, []).name).toBe(name);
    });

    it.each([
      'Curriculum Vitae\nada@example.com',
      'Özgeçmiş',
      'Senior Software Engineer',
      'Ada\nLovelace',
      'Ada Lovelace 1815',
      'Ada Augusta King Byron Lovelace',
      'ada lovelace',
      'ada@example.com\n+44 20 7946 0958',
    ])('finds no name in %j', (text) => {
      expect(parseResume(text, []).name).toBeNull();
    });

    it('only looks near the top for an unlabelled name', () => {
      const text = 'CV\nada@example.com\n+44 20 7946 0958\nLondon\nProfile\nSome text here\nAda Lovelace';
      expect(parseResume(text, []).name).toBeNull();
      expect(parseResume(text.replace('Ada Lovelace', 'Full name: Ada Lovelace'), []).name).toBe('Ada Lovelace');
    });
  });

  describe('skills', () => {
    it('matches whole tokens only', () => {
      expect(parseResume('JavaScript developer at Google', []).skills).toEqual(['JavaScript']);
      expect(parseResume('Java and JavaScript', []).skills).toEqual(['JavaScript', 'Java']);
      expect(parseResume('Skilled in C, C#, C++ and Objective-C', []).skills).toEqual(['C#', 'C++']);
      expect(parseResume('Pythonic code, Reactive streams, Gitlab', []).skills).toEqual([]);
    });

    it('matches special characters literally', () => {
      expect(parseResume('node.js, .NET 8, ci/cd pipelines, Next.js', []).skills).toEqual([
        'Node.js',
        'Next.js',
        'CI/CD',
        '.NET',
      ]);
      expect(parseResume('nodexjs and ci-cd-ish', []).skills).not.toContain('Node.js');
    });

    it('is case-insensitive and returns the canonical casing', () => {
      expect(parseResume('typescript, POSTGRESQL, kubernetes', []).skills).toEqual(['TypeScript', 'PostgreSQL', 'Kubernetes']);
    });

    it('recognises common alternative spellings', () => {
      expect(parseResume('NodeJS, Golang, Postgres, k8s, ASP.NET', []).skills).toEqual([
        'Node.js',
        'Go',
        'PostgreSQL',
        'Kubernetes',
        '.NET',
      ]);
    });

    it('needs a capital letter for skills that are also everyday words', () => {
      expect(parseResume('I excel at teamwork, ready to go, the rest is history', []).skills).toEqual([]);
      expect(parseResume('Go, REST APIs, Excel', []).skills).toEqual(['Go', 'REST', 'Excel']);
    });

    it('lists job skills first, as the job spells them, then dictionary skills, without duplicates', () => {
      const text = 'Kafka streams, docker, Terraform, Python, terraform';
      expect(parseResume(text, ['docker', 'Event Sourcing', 'kafka', 'Kafka ', 'Haskell']).skills).toEqual([
        'docker',
        'kafka',
        'Python',
        'Terraform',
      ]);
    });

    it('matches multi-word and punctuated job skills', () => {
      expect(parseResume('Built event-driven systems with Event Sourcing and DDD.', ['event   sourcing', 'DDD', 'R']).skills).toEqual([
        'event sourcing',
        'DDD',
      ]);
    });

    it('has a dictionary of unique, multi-character skills', () => {
      expect(SKILL_DICTIONARY.length).toBeGreaterThanOrEqual(80);
      expect(new Set(SKILL_DICTIONARY.map((s) => s.toLowerCase())).size).toBe(SKILL_DICTIONARY.length);
      expect(SKILL_DICTIONARY.every((s) => s.length > 1)).toBe(true);
    });
  });

  describe('years of experience', () => {
    it.each([
      ['7 years of experience', 7],
      ['5+ years building APIs', 5],
      ['3 yrs in retail', 3],
      ['over 12 year experience', 12],
      ['10 yıl deneyim', 10],
      ['5 yıllık iş deneyimi', 5],
      ['8 ans d’expérience', 8],
      ["8 ans d'expérience", 8],
      ['6 Jahre Erfahrung', 6],
      ['2.5 years', 2],
    ])('reads %j', (text, years) => {
      expect(parseResume(text, []).yearsExperience).toBe(years);
    });

    it('takes the largest figure', () => {
      expect(parseResume('3 years of Java, 10+ years in software, 2 yrs of Go', []).yearsExperience).toBe(10);
    });

    it('ignores ages, times ago, figures over 50 and years without a number', () => {
      expect(parseResume('I am 30 years old; left 2 years ago; 60 years; many years', []).yearsExperience).toBeNull();
      expect(parseResume('Since 2015, years of service', []).yearsExperience).toBeNull();
    });
  });
});

// Inputs that make a backtracking pattern take quadratic (or worse) time. Each must come back with the
// right answer; the per-file time limit of the upload (and its e2e test) catches a slow pattern.
describe('parseResume on hostile input', () => {
  const HEAD = 'Ada Lovelace\nada@example.com\n';
  const nothing = { name: null, email: null, phone: null, skills: [], yearsExperience: null };

  it.each([
    ['U+2028 line separators', '\u2028'],
    ['U+2029 paragraph separators', '\u2029'],
    ['U+0085 next-line characters', '\u0085'],
    ['spaces', ' '],
    ['tabs', '\t'],
    ['no-break spaces', '\u00a0'],
    ['ideographic spaces', '\u3000'],
    ['line feeds', '\n'],
    ['CRLF pairs', '\r\n'],
  ])('reads a number followed by 40 000 %s', (_label, blank) => {
    const text = `${HEAD}1${blank.repeat(40_000)}x`;
    expect(parseResume(text, ['TypeScript'])).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', phone: null, skills: [], yearsExperience: null });
  });

  it('still finds years of experience across a long run of blanks, with or without a plus', () => {
    expect(parseResume(`${HEAD}7${' '.repeat(50_000)}years`, []).yearsExperience).toBe(7);
    expect(parseResume(`${HEAD}7${'\u2028'.repeat(40_000)}+${' '.repeat(40_000)}years`, []).yearsExperience).toBe(7);
    expect(parseResume(`${HEAD}7${' '.repeat(50_000)}+${' '.repeat(50_000)}`, []).yearsExperience).toBeNull();
  });

  it.each([
    ['digits', '1'],
    ['digits and spaces', '1 '],
    ['digits and dots', '1.'],
    ['digits and dashes', '1-'],
    ['digits and plus signs', '1+'],
    ['dots', '.'],
    ['letters', 'a'],
    ['capitalised words', 'Ab '],
    ['apostrophes between letters', "a'"],
    ['combining marks', 'a\u0301'],
    ['at signs', 'a@'],
    ['address-like labels', 'a-'],
    ['hyphenated labels', 'b.'],
  ])('finds nothing in 100 000 characters of %s', (_label, unit) => {
    expect(parseResume(unit.repeat(Math.ceil(100_000 / unit.length)), [])).toEqual(nothing);
  });

  it('finds the contact details after a hostile run', () => {
    const text = `Ada Lovelace\n${'1 '.repeat(30_000)}\nada@example.com +44 20 7946 0958, 8 years of TypeScript`;
    expect(parseResume(text, [])).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', yearsExperience: 8, skills: ['TypeScript'] });
  });

  it('handles address-like runs: no match without a top-level domain, and no address longer than 254 characters', () => {
    expect(parseResume(`a@${'b.'.repeat(40_000)}x`, []).email).toBeNull();
    expect(parseResume(`${'a.'.repeat(40_000)}@example.com`, []).email).toBeNull();
    expect(parseResume(`a@${'b.'.repeat(40_000)}com then ada@example.com`, []).email).toBe('ada@example.com');
    expect(parseResume(`${'a@'.repeat(40_000)}example.com`, []).email).toBe('a@example.com');
  });

  it('reads a labelled name after a long run of blanks and ignores a label with nothing after it', () => {
    expect(parseResume(`Name:${' '.repeat(50_000)}Ada Lovelace`, []).name).toBe('Ada Lovelace');
    expect(parseResume(`Name${' '.repeat(50_000)}x`, []).name).toBeNull();
    expect(parseResume(`${"Ab'".repeat(30_000)}1 Lovelace`, []).name).toBeNull();
  });

  it('matches multi-word skills across a long run of blanks and skips everyday words quickly', () => {
    expect(parseResume(`React${' '.repeat(50_000)}Native`, []).skills).toEqual(['React', 'React Native']);
    expect(parseResume(`React${' '.repeat(50_000)}x`, ['Machine Learning']).skills).toEqual(['React']);
    expect(parseResume('go '.repeat(30_000), []).skills).toEqual([]);
    expect(parseResume(`${'go '.repeat(30_000)}Go`, []).skills).toEqual(['Go']);
  });

  it('reads only the first 100 000 characters', () => {
    expect(MAX_PARSE_LENGTH).toBe(100_000);
    expect(parseResume(`${' '.repeat(MAX_PARSE_LENGTH)}ada@example.com`, []).email).toBeNull();
  });
});
