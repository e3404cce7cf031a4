//! The search bench's archive and queries: words of the five languages
//! in the forms people write them, a long tail of made-up words, and the
//! queries the clients ask. Deterministic: the same on every run.

/// Words of each language, in the forms people write them: a search for
/// one form must find the others (stemming), and for the unaccented form
/// the accented one (folding).
pub const WORDS: [(&str, &[&str]); 5] = [
    (
        "en",
        &[
            "court",
            "courts",
            "hearing",
            "hearings",
            "detention",
            "detained",
            "lawyer",
            "lawyers",
            "rights",
            "right",
            "defence",
            "defense",
            "ruling",
            "rulings",
            "appeal",
            "appeals",
            "judge",
            "judges",
            "witness",
            "witnesses",
            "prison",
            "prisoners",
            "torture",
            "trial",
            "trials",
            "evidence",
            "report",
            "reports",
            "monitoring",
            "freedom",
            "expression",
            "assembly",
            "journalist",
            "journalists",
            "arrest",
            "arrested",
            "complaint",
            "victims",
            "community",
            "land",
            "housing",
            "eviction",
            "asylum",
            "refugees",
            "women",
            "children",
        ],
    ),
    (
        "fr",
        &[
            "tribunal",
            "tribunaux",
            "audience",
            "audiences",
            "détention",
            "détenu",
            "détenus",
            "avocat",
            "avocats",
            "droits",
            "droit",
            "défense",
            "jugement",
            "jugements",
            "appel",
            "juge",
            "juges",
            "témoin",
            "témoins",
            "prison",
            "prisonniers",
            "torture",
            "procès",
            "preuve",
            "preuves",
            "rapport",
            "rapports",
            "surveillance",
            "liberté",
            "expression",
            "réunion",
            "journaliste",
            "journalistes",
            "arrestation",
            "arrêtés",
            "plainte",
            "victimes",
            "communauté",
            "terre",
            "logement",
            "expulsion",
            "asile",
            "réfugiés",
        ],
    ),
    (
        "de",
        &[
            "gericht",
            "gerichte",
            "anhörung",
            "anhörungen",
            "haft",
            "inhaftiert",
            "anwalt",
            "anwälte",
            "rechte",
            "recht",
            "verteidigung",
            "urteil",
            "urteile",
            "berufung",
            "richter",
            "zeuge",
            "zeugen",
            "gefängnis",
            "gefangene",
            "folter",
            "prozess",
            "beweise",
            "bericht",
            "berichte",
            "beobachtung",
            "freiheit",
            "meinung",
            "versammlung",
            "journalist",
            "journalisten",
            "festnahme",
            "beschwerde",
            "opfer",
            "gemeinschaft",
            "land",
            "wohnung",
            "räumung",
            "asyl",
            "flüchtlinge",
            "frauen",
        ],
    ),
    (
        "pt",
        &[
            "tribunal",
            "tribunais",
            "audiência",
            "audiências",
            "detenção",
            "detido",
            "detidos",
            "advogado",
            "advogados",
            "direitos",
            "direito",
            "defesa",
            "sentença",
            "sentenças",
            "recurso",
            "juiz",
            "juízes",
            "testemunha",
            "testemunhas",
            "prisão",
            "presos",
            "tortura",
            "julgamento",
            "provas",
            "relatório",
            "relatórios",
            "monitoramento",
            "liberdade",
            "expressão",
            "reunião",
            "jornalista",
            "jornalistas",
            "prisões",
            "denúncia",
            "vítimas",
            "comunidade",
            "terra",
            "moradia",
            "despejo",
            "asilo",
        ],
    ),
    (
        "ar",
        &[
            "المحكمة",
            "محكمة",
            "المحاكم",
            "جلسة",
            "الجلسات",
            "الاحتجاز",
            "محتجز",
            "المحتجزين",
            "محامي",
            "المحامين",
            "الحقوق",
            "حقوق",
            "الدفاع",
            "الحكم",
            "أحكام",
            "الاستئناف",
            "القاضي",
            "القضاة",
            "شاهد",
            "الشهود",
            "السجن",
            "السجناء",
            "التعذيب",
            "المحاكمة",
            "الأدلة",
            "تقرير",
            "التقارير",
            "الرصد",
            "الحرية",
            "التعبير",
            "التجمع",
            "صحفي",
            "الصحفيين",
            "اعتقال",
            "شكوى",
            "الضحايا",
            "المجتمع",
            "الأرض",
            "السكن",
            "اللجوء",
        ],
    ),
];

/// A small deterministic generator: the same archive on every run.
pub struct Random(pub u64);

impl Random {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An index below `n`, the small ones more often (as words are).
    pub fn skewed(&mut self, n: usize) -> usize {
        let x = (self.next() % 10_000) as f64 / 10_000.0;
        ((x * x) * n as f64) as usize
    }

    /// `count` words: three in five from the language's common words,
    /// the others from its long tail (names, places, rarer words), each
    /// list skewed towards its first words as real vocabularies are.
    pub fn text(&mut self, words: &[&str], tail: &[String], count: usize) -> String {
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push(if i % 12 == 0 { '.' } else { ' ' });
                if i % 12 == 0 {
                    text.push(' ');
                }
            }
            if self.next() % 5 < 3 {
                text.push_str(words[self.skewed(words.len())]);
            } else {
                text.push_str(&tail[self.skewed(tail.len())]);
            }
        }
        text
    }
}

/// Words in the tail of each language's vocabulary.
const TAIL_WORDS: usize = 4_000;

/// A language's long tail: made-up words from its own letters, the same
/// on every run.
pub fn tail(language: &str) -> Vec<String> {
    let syllables: &[&str] = match language {
        "ar" => &[
            "با", "تي", "سو", "مر", "نا", "لي", "قد", "حم", "كر", "شع", "ود", "عب",
        ],
        "de" => &[
            "ber", "lin", "sch", "wald", "haus", "gen", "ste", "rung", "keit", "mann", "dorf",
            "ach",
        ],
        "fr" => &[
            "ma", "ré", "lon", "vil", "ton", "ette", "gnac", "bou", "cha", "pré", "ier", "ault",
        ],
        "pt" => &[
            "ção", "ma", "nho", "ra", "lha", "bel", "tos", "são", "quei", "do", "ri", "vão",
        ],
        _ => &[
            "ton", "ley", "ham", "ber", "wick", "ford", "son", "ing", "ster", "mar", "dale", "ock",
        ],
    };
    let mut random = Random(language.bytes().fold(7, |h, b| h * 31 + u64::from(b)));
    let mut words = std::collections::BTreeSet::new();
    while words.len() < TAIL_WORDS {
        let n = 2 + (random.next() % 3) as usize;
        let word: String = (0..n)
            .map(|_| syllables[(random.next() % syllables.len() as u64) as usize])
            .collect();
        words.insert(word);
    }
    let mut words: Vec<String> = words.into_iter().collect();
    // Shuffled, so that which words are common does not follow the
    // alphabet.
    for i in (1..words.len()).rev() {
        let j = (random.next() % (i as u64 + 1)) as usize;
        words.swap(i, j);
    }
    words
}

/// Queries people type: one or two words, in another form than the one
/// indexed, with and without accents.
pub fn queries() -> Vec<String> {
    let mut all = Vec::new();
    let mut random = Random(42);
    for (_, words) in WORDS {
        for word in words.iter() {
            all.push((*word).to_owned());
        }
        for _ in 0..20 {
            let a = words[random.skewed(words.len())];
            let b = words[random.skewed(words.len())];
            all.push(format!("{a} {b}"));
        }
    }
    // Rarer words, alone and with a common one, as people look for a
    // name or a place.
    for (language, words) in WORDS {
        let tail = tail(language);
        for _ in 0..30 {
            all.push(tail[random.skewed(tail.len())].clone());
            let a = words[random.skewed(words.len())];
            all.push(format!("{a} {}", tail[random.skewed(tail.len())]));
        }
    }
    all.extend(
        [
            "detenu",
            "defense",
            "direito",
            "محكمة",
            "anhorung",
            "detencao",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    all
}
