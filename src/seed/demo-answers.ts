import type { AnswerStyle } from './demo-plan';

/**
 * Interview answers for the demo candidates, written to read like real ones and to give the rule-based
 * analysis something to tell apart: detailed answers with numbers and team signals, middling ones, short
 * ones with filler words, and a specialist who is precise about the technology and curt about everything
 * else; in English and in Turkish. Same question and style ⇒ same answer.
 */

interface JobContext {
  title: string;
  skills: readonly string[];
}

type Behaviour = 'conflict' | 'mistake' | 'motivation' | 'learning' | 'feedback' | 'priorities' | 'other';

interface StyleBank {
  role: (job: JobContext) => string;
  technical: ReadonlyArray<(skill: string, job: JobContext) => string>;
  behavioural: Readonly<Record<Behaviour, string>>;
}

const BEHAVIOUR_HINTS: readonly [Behaviour, RegExp][] = [
  ['conflict', /disagreement|conflict|anlaşmazlık/i],
  ['mistake', /mistake|hata/i],
  ['motivation', /motivat|motive/i],
  ['learning', /learn quickly|hızlı öğren/i],
  ['feedback', /feedback|geri bildirim/i],
  ['priorities', /prioriti|öncelik/i],
];

const EN_STRONG: StyleBank = {
  role: (job) =>
    `I have spent the last years building exactly the kind of systems this ${job.title} role describes, and hiring is a problem I care about because a good process changes people's lives. ` +
    `In my first 30 days I would learn the codebase, pair with the team on two or three real tickets and read the last incident reports. ` +
    `By day 60 I want to own one service end to end, and by day 90 I would propose one measurable improvement, for example cutting p95 latency by 20% or halving build time, and deliver it together with the team.`,
  technical: [
    (s) =>
      `At my current company I led the rebuild of our order pipeline with ${s}. The situation was a monolith that timed out under campaign traffic of 2,000 requests per second. ` +
      `First I profiled the hot paths, then I designed the new boundaries with two colleagues and we migrated in 6 small steps behind feature flags. ` +
      `As a result p95 latency dropped from 420 ms to 140 ms and incidents went from 5 a month to 1. I owned the rollout and wrote the runbook.`,
    (s) =>
      `The hardest ${s} problem I solved was a slow memory leak that restarted our workers every 9 hours. My approach was to reproduce it under load, take heap snapshots and compare them; ` +
      `the cause was a cache without eviction. I fixed it, added a dashboard and an alert, and shared the write-up in our engineering review so other teams could check their code. ` +
      `Since then we have had zero restarts in 4 months.`,
    (s) =>
      `With ${s} I keep things maintainable through small modules, strict types and tests at the right level: unit tests for logic, a few integration tests against real dependencies in Docker. ` +
      `For example, on my team we agreed on a review checklist and a 10-minute CI budget; coverage went from 55% to 82% in one quarter and, more importantly, regressions found in production fell by about 60%. ` +
      `I also mentor newer colleagues on these habits during pairing sessions.`,
    (s) =>
      `A common pitfall with ${s} is treating defaults as production settings. In one project we lost messages because of a retry setting nobody had reviewed. ` +
      `I took responsibility for the fix: I wrote a checklist, added contract tests and ran a failure drill every quarter with the team. ` +
      `Consequently we caught 3 similar issues in staging before they reached customers.`,
  ],
  behavioural: {
    conflict:
      'Last year a colleague and I disagreed about splitting a service. Instead of arguing in the pull request, we wrote down the goal, the options and the risks together, ' +
      'then ran a small benchmark with 10 million events. The data favoured his approach for now and mine for later, so we agreed on a two-step plan. ' +
      'The result was a calmer team and a design we both supported.',
    mistake:
      'I once deployed a migration that locked a large table for 4 minutes during business hours. I took ownership immediately: I rolled back, informed support and wrote the postmortem. ' +
      'Then I added a check in CI that flags locking migrations and documented a safe pattern. It has not happened again in 2 years.',
    motivation:
      'I am motivated by seeing real users benefit from what we build and by learning from people better than me. ' +
      'I do my best work in a team that shares context openly, reviews code kindly and measures outcomes, not hours. I am excited that here the product helps people find jobs.',
    learning:
      'When we adopted Kubernetes I had two weeks to become useful. First I built a small cluster at home, then I paired with our platform engineer and took notes in our wiki. ' +
      'After that I migrated one low-risk service myself. Within a month I was on the on-call rotation for it.',
    feedback:
      'A lead told me my design documents were too long for busy reviewers. It stung, but she was right. I asked two colleagues for examples they liked, ' +
      'and now I start every document with a one-paragraph summary and a decision table. Review time for my proposals dropped from about a week to two days.',
    priorities:
      'I list what is urgent, estimate impact and effort, and talk to the people affected before deciding. For instance, when a customer bug and a release deadline collided, ' +
      'I fixed the bug first because it blocked 30% of sign-ups, then communicated the one-day delay to the product manager with a new plan.',
    other:
      'I would answer that with an example: in my last team we set a clear goal, split the work, reviewed each step together and measured the outcome. That habit helped us deliver on time in 4 of 5 quarters.',
  },
};

const EN_SOLID: StyleBank = {
  role: (job) =>
    `The ${job.title} role matches what I have been doing and I would like to work on a product with a clear purpose. ` +
    `In the first weeks I would learn the systems and the team's way of working, then take on real tasks and try to improve one thing that slows the team down.`,
  technical: [
    (s) =>
      `I used ${s} in my last two jobs. In the latest project I built the main reporting module with it, together with one other developer. ` +
      `It went well: the reports became faster and easier to change, maybe twice as fast as before.`,
    (s) =>
      `A hard problem with ${s} was an intermittent bug that only appeared in production. I added more logging, found a race condition and fixed it with a lock. ` +
      `It took about a week but the errors stopped.`,
    (s) =>
      `To keep ${s} code maintainable I write tests for the important parts and keep functions small. We also do code reviews in my team, which catches a lot of problems early.`,
    (s) =>
      `One pitfall with ${s} is configuration that differs between environments. I try to keep it in one place and check it in CI, because otherwise bugs show up late.`,
  ],
  behavioural: {
    conflict:
      'A teammate and I disagreed about the database schema. We discussed it with our lead, compared the options and chose a compromise. It worked out fine and we still work well together.',
    mistake:
      'I once forgot to update an environment variable before a release and a feature broke for an hour. I fixed it, told my team and since then I use a release checklist.',
    motivation:
      'I like solving problems and learning new tools. A friendly team and clear goals help me do my best work.',
    learning:
      'I had to learn GraphQL quickly for a project. I read the documentation, followed a course over a weekend and asked a colleague to review my first schema.',
    feedback:
      'My manager said I should communicate more about my progress. I started writing short daily updates and it helped the team plan better.',
    priorities:
      'I look at deadlines and impact, and if things are unclear I ask my manager which task is most important. Then I focus on one thing at a time.',
    other: 'I would handle it step by step and ask the team for input when needed. Usually that works well.',
  },
};

const EN_BRIEF: StyleBank = {
  role: (job) => `Um, I saw the ${job.title} job posting and it looked interesting, so I applied. I would, like, learn the project first.`,
  technical: [
    (s) => `I used ${s} a bit at my last job, you know, for some tasks. It was okay.`,
    (s) => `Um, I did some ${s} stuff, basically fixing bugs. Nothing very hard.`,
    (s) => `I think ${s} is fine, I just follow what the team does, like, the usual way.`,
  ],
  behavioural: {
    conflict: 'Um, I do not really have disagreements. I just do what is decided.',
    mistake: 'I made some small mistakes, like, everyone does. I fixed them.',
    motivation: 'Basically a good salary and, um, nice people.',
    learning: 'I googled it, you know, and watched some videos.',
    feedback: 'I listen and try to do better, I guess.',
    priorities: 'I do the urgent things first, basically.',
    other: 'Um, I am not sure, I would ask someone.',
  },
};

const TR_STRONG: StyleBank = {
  role: (job) =>
    `${job.title} pozisyonu son dokuz yılda yaptığım işin tam karşılığı ve işe alım sürecini iyileştiren bir ürünün parçası olmak beni heyecanlandırıyor. ` +
    `İlk 30 günde öncelikle sistemleri ve ekibi tanırım, nöbet kayıtlarını ve son olay raporlarını okurum. Sonra ekiple birlikte en çok zaman kaybettiren iki sorunu seçeriz; ` +
    `90 günün sonunda örneğin dağıtım süresini %50 kısaltmak gibi ölçülebilir bir hedefi birlikte teslim etmek isterim.`,
  technical: [
    (s) =>
      `Mevcut şirketimde ${s} dönüşümünün sorumluluğunu üstlendim. Durum şuydu: 180 mikroservis elle yönetilen sunucularda çalışıyordu ve her dağıtım 25 dakika sürüyordu. ` +
      `İlk olarak mevcut durumu ölçtük, ardından ekiple birlikte 4 aşamalı bir geçiş planı hazırladık. Sonuç olarak dağıtım süresi 6 dakikaya indi ve gece nöbetlerindeki alarm sayısı %60 azaldı.`,
    (s) =>
      `${s} ile çözdüğüm en zor sorun, yoğun kampanya günlerinde rastgele düşen servislerdi. Önce metrikleri ve logları birleştiren bir pano kurdum, sonra yük testinde sorunu yeniden ürettim. ` +
      `Kök neden yanlış ayarlanmış kaynak limitleriydi; limitleri düzelttim, otomatik ölçeklemeyi ekledim ve çözümü ekiple bir sunumda paylaştım. O günden beri 3 kampanyayı kesintisiz geçirdik.`,
    (s) =>
      `${s} tarafında sürdürülebilirlik için her şeyi kod olarak tutuyoruz: modüller, kod incelemesi ve her değişiklik için otomatik plan çıktısı. ` +
      `Örneğin ekip arkadaşlarımla ortak modül kütüphanesi kurduk; yeni bir ortam açmak 2 günden 2 saate indi. Ayrıca yeni gelen arkadaşlara mentorluk yapıyorum.`,
    (s) =>
      `${s} ile en sık görülen tuzak, ortamlar arasında elle yapılan değişiklikler. Bir keresinde bu yüzden üretimde 40 dakikalık kesinti yaşadık. ` +
      `Sorumluluğu üstlendim: olay raporunu yazdım, değişiklikleri yalnızca CI/CD hattından yapılacak şekilde kısıtladım ve her çeyrek ekiple bir tatbikat yapıyoruz.`,
  ],
  behavioural: {
    conflict:
      'Bir ekip arkadaşımla izleme aracını değiştirme konusunda anlaşamadık. Tartışmayı kişisel olmaktan çıkarmak için iki seçeneği iki hafta boyunca birlikte denedik ve maliyet, alarm kalitesi gibi ölçütleri karşılaştırdık. ' +
      'Sonuçta onun önerdiği araç daha iyi çıktı; kararı birlikte verdik ve geçişi beraber yaptık.',
    mistake:
      'Bir keresinde yanlış ortamda bir Terraform değişikliği uyguladım ve test veritabanı yerine üretimdeki bir kuralı sildim. Hemen sorumluluğu üstlendim, 10 dakika içinde geri aldım ve ekibe haber verdim. ' +
      'Ardından ortam kontrolü yapan bir koruma ekledim; bu hata bir daha yaşanmadı.',
    motivation:
      'Beni en çok motive eden şey, geliştiricilerin benim kurduğum platform sayesinde daha hızlı ve güvenle çalışması. Sürekli öğrenmeyi seviyorum; açık iletişim kuran ve birbirine destek olan bir ekipte en iyi işimi çıkarıyorum.',
    learning:
      'Şirket AWS\'ye geçmeye karar verdiğinde 3 hafta içinde hazır olmam gerekiyordu. Önce resmi eğitimleri bitirdim, ardından küçük bir servisi kendi başıma taşıdım ve öğrendiklerimi ekibe bir atölyede anlattım.',
    feedback:
      'Yöneticim, değişiklik duyurularımın fazla teknik olduğunu söyledi. Haklıydı; artık her duyuruda önce etkiyi ve yapılması gerekeni yazıyorum. Geliştiricilerden gelen soru sayısı belirgin biçimde azaldı.',
    priorities:
      'Önce etkiyi değerlendiririm: müşteriyi etkileyen bir sorun her zaman önce gelir. Sonra kalan işleri ekiple birlikte önem ve efor açısından sıralarız ve değişiklikleri ilgili kişilere erkenden duyururum.',
    other: 'Bu tür durumlarda önce veriyi toplar, sonra ekiple birlikte karar verir ve sonucu ölçerim.',
  },
};

const TR_SOLID: StyleBank = {
  role: (job) =>
    `${job.title} ilanı ilgimi çekti çünkü modellerin gerçek kararlara dönüştüğü bir ürün üzerinde çalışmak istiyorum. ` +
    `İlk haftalarda veriyi ve mevcut modelleri tanırım, sonra ekiple birlikte küçük ama ölçülebilir bir iyileştirme hedeflerim.`,
  technical: [
    (s) =>
      `${s} ile müşteri kaybı tahmini projesinde çalıştım. Veriyi hazırladım, birkaç modeli karşılaştırdım ve sonuç olarak kampanya maliyeti yaklaşık %18 azaldı.`,
    (s) =>
      `${s} kullanırken en zorlandığım konu eksik ve tutarsız veriydi. Önce veri kalitesi kontrolleri yazdım, ardından iş birimiyle birlikte tanımları netleştirdik.`,
    (s) =>
      `${s} kodunu düzenli tutmak için not defterlerini modüllere ayırıyorum ve önemli adımlar için test yazıyorum. Ekipte kod incelemesi de yapıyoruz.`,
    (s) => `${s} ile ilgili yaygın hata, sonuçları yalnızca tek bir metrikle değerlendirmek. Ben her zaman birkaç metriğe ve iş etkisine birlikte bakıyorum.`,
  ],
  behavioural: {
    conflict: 'Bir analiz yönteminde ekip arkadaşımla anlaşamadık. İki yöntemi de küçük bir veri setinde denedik ve sonuçlara bakarak birlikte karar verdik.',
    mistake: 'Bir raporda yanlış tarih aralığı kullandım. Fark ettiğimde hemen düzelttim, ilgili kişilere haber verdim ve artık raporlarda otomatik kontrol var.',
    motivation: 'Yeni şeyler öğrenmek ve çalışmamın bir karara dönüştüğünü görmek beni motive ediyor.',
    learning: 'Bir projede PyTorch öğrenmem gerekti. Önce kısa bir kurs bitirdim, sonra küçük bir modelle deneme yaptım ve bir meslektaşımdan destek aldım.',
    feedback: 'Sunumlarımın fazla detaylı olduğu söylendi. Artık önce sonucu, sonra detayları anlatıyorum.',
    priorities: 'İşleri aciliyet ve etkiye göre sıralıyorum; emin olmadığımda yöneticimle konuşuyorum.',
    other: 'Önce durumu anlamaya çalışır, sonra ekiple birlikte bir plan yaparım.',
  },
};

const EN_MIXED: StyleBank = { role: EN_SOLID.role, technical: EN_STRONG.technical, behavioural: EN_BRIEF.behavioural };

const BANKS: Readonly<Record<AnswerStyle, StyleBank>> = {
  'en-strong': EN_STRONG,
  'en-solid': EN_SOLID,
  'en-mixed': EN_MIXED,
  'en-brief': EN_BRIEF,
  'tr-strong': TR_STRONG,
  'tr-solid': TR_SOLID,
};

/** The answer a candidate of `style` gives to `question` (the text the interview asked) for `job`. */
export function answerFor(style: AnswerStyle, question: string, job: JobContext): string {
  const bank = BANKS[style];
  if (/what draws you/i.test(question)) return bank.role(job);
  const behaviour = BEHAVIOUR_HINTS.find(([, hint]) => hint.test(question))?.[0];
  if (behaviour) return bank.behavioural[behaviour];
  // Longest first, so that "React Native" is not answered as "React".
  const skills = [...job.skills].sort((a, b) => b.length - a.length);
  const skill = skills.find((s) => question.includes(s));
  if (skill) {
    const index = job.skills.indexOf(skill);
    return bank.technical[index % bank.technical.length](skill, job);
  }
  return bank.behavioural.other;
}

/** A spoken-style transcript of the interview, as a recruiter would paste it from a recording. */
export function transcriptOf(style: AnswerStyle, exchanges: readonly { question: string; answer: string }[]): string {
  const [asker, speaker] = style.startsWith('tr-') ? ['Görüşmeci', 'Aday'] : ['Interviewer', 'Candidate'];
  return exchanges.map(({ question, answer }) => `${asker}: ${question}\n${speaker}: ${answer}`).join('\n\n');
}
