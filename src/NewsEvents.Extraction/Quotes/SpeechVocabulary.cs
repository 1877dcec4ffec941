namespace NewsEvents.Extraction.Quotes;

/// <summary>How a cue word attributes speech.</summary>
internal enum CueKind
{
    None,

    /// <summary>A finite speech verb: "said", "says", "added", "warned", "stated".</summary>
    Verb,

    /// <summary>A present participle after the main clause: ", emphasizing that", ", adding".</summary>
    Participle,

    /// <summary>
    /// A verb that quotes a few words rather than reports speech ("described it as", "called it"): it attributes a direct
    /// quote that follows it, never a reported clause.
    /// </summary>
    Characterization,

    /// <summary>A noun that introduces the title of a text ("used the title", "under the headline"): the clause's subject wrote it.</summary>
    Title,

    /// <summary>"according to".</summary>
    According,
}

/// <summary>What a common noun at the head of a speaker's noun phrase denotes.</summary>
internal enum NounClass
{
    None,

    /// <summary>A person by role: "official", "minister", "analyst". Unnamed unless the article names who it is.</summary>
    PersonRole,

    /// <summary>Someone or something speaking for another: "spokesman", "statement". The speaker is whom it speaks for.</summary>
    Voice,

    /// <summary>A company, institution or government body: "company", "ministry", "government".</summary>
    Organization,

    /// <summary>A news outlet or one of its texts: "newspaper", "channel", "the news".</summary>
    Media,
}

/// <summary>
/// English vocabulary of attribution: speech verbs and their forms, the words that may stand between a speaker and
/// the verb, pronouns, and the common nouns that head a speaker's noun phrase. This is general English, not knowledge
/// of any entity: who the speaker is always comes from the article's own mentions.
/// </summary>
internal static class SpeechVocabulary
{
    /// <summary>Finite forms of speech verbs (said, says, say…). Reported speech without "that" only after <see cref="SayVerbs"/>.</summary>
    private static readonly string[] VerbWords = [
        "say", "says", "said", "tell", "tells", "told", "add", "adds", "added", "state", "states", "stated",
        "declare", "declares", "declared", "announce", "announces", "announced", "warn", "warns", "warned",
        "explain", "explains", "explained", "note", "notes", "noted", "insist", "insists", "insisted",
        "argue", "argues", "argued", "claim", "claims", "claimed", "stress", "stresses", "stressed",
        "emphasise", "emphasises", "emphasised", "emphasize", "emphasizes", "emphasized", "highlight", "highlights",
        "highlighted", "reply", "replies", "replied", "respond", "responds", "responded", "ask", "asks", "asked",
        "write", "writes", "wrote", "report", "reports", "reported", "confirm", "confirms", "confirmed",
        "deny", "denies", "denied", "acknowledge", "acknowledges", "acknowledged", "admit", "admits", "admitted",
        "comment", "comments", "commented", "remark", "remarks", "remarked", "observe", "observes", "observed",
        "continue", "continues", "continued", "suggest", "suggests", "suggested", "predict", "predicts", "predicted",
        "urge", "urges", "urged", "complain", "complains", "complained", "concede", "concedes", "conceded",
        "recall", "recalls", "recalled", "reveal", "reveals", "revealed", "maintain", "maintains", "maintained",
        "conclude", "concludes", "concluded", "indicate", "indicates", "indicated", "shout", "shouts", "shouted",
        "cry", "cries", "cried", "whisper", "whispers", "whispered", "tweet", "tweets", "tweeted",
        "quip", "quips", "quipped", "joke", "jokes", "joked", "answer", "answers", "answered", "agree", "agrees", "agreed",
        "disclose", "discloses", "disclosed", "allege", "alleges", "alleged", "contend", "contends", "contended",
        "assert", "asserts", "asserted", "mention", "mentions", "mentioned", "vow", "vows", "vowed",
        "pledge", "pledges", "pledged", "promise", "promises", "promised", "threaten", "threatens", "threatened",
        "boast", "boasts", "boasted", "caution", "cautions", "cautioned", "estimate", "estimates", "estimated",
        "forecast", "forecasts", "hint", "hints", "hinted", "lament", "laments", "lamented", "reiterate", "reiterates",
        "reiterated", "counter", "counters", "countered", "protest", "protests", "protested", "assure", "assures",
        "assured", "inform", "informs", "informed", "remind", "reminds", "reminded", "advise", "advises", "advised",
        "proclaim", "proclaims", "proclaimed", "repeat", "repeats", "repeated", "retort", "retorts", "retorted",
        "exclaim", "exclaims", "exclaimed", "predict", "insist", "stress", "signal", "signals", "signalled", "signaled",
        "testify", "testifies", "testified", "concur", "concurs", "concurred", "demand", "demands", "demanded",
        "muse", "muses", "mused", "sigh", "sighs", "sighed", "conclude", "acknowledge", "specify", "specified", "quoted"];

    /// <summary>Present-tense speech verbs that are as often plural nouns ("opposition claims", "press reports").</summary>
    private static readonly WordTable<bool> PluralNouns = Set(
        "claims", "reports", "notes", "comments", "remarks", "demands", "promises", "estimates", "forecasts", "protests",
        "pledges", "hints", "answers", "counters", "states", "vows", "replies", "statements", "tweets", "laments", "signals",
        "questions", "responds", "concerns", "cries", "jokes", "whispers", "shouts", "quips", "urges", "threatens");

    /// <summary>Verbs after which a reported clause may follow without "that": "Sullivan said the US would…".</summary>
    private static readonly WordTable<bool> SayVerbs = Set("say", "says", "said", "tell", "tells", "told");

    /// <summary>Verbs whose hearer comes first: "told CBS that", "warned North Korea that".</summary>
    private static readonly WordTable<bool> ObjectVerbs = Set(
        "tell", "tells", "told", "warn", "warns", "warned", "assure", "assures", "assured", "inform", "informs", "informed",
        "remind", "reminds", "reminded", "advise", "advises", "advised", "promise", "promises",
        "promised", "urge", "urges", "urged", "caution", "cautions", "cautioned");

    private static readonly string[] ParticipleWords = [
        "saying", "adding", "telling", "stating", "noting", "stressing", "emphasising", "emphasizing", "insisting",
        "arguing", "explaining", "warning", "claiming", "declaring", "announcing", "suggesting", "highlighting",
        "acknowledging", "admitting", "denying", "confirming", "asking", "replying", "writing", "predicting", "urging",
        "maintaining", "complaining", "conceding", "recalling", "revealing", "vowing", "promising", "threatening",
        "reiterating", "asserting", "alleging", "indicating", "observing", "remarking", "commenting", "answering",
        "responding", "cautioning", "assuring", "reminding", "declaring", "concluding", "proclaiming", "tweeting"];

    private static readonly string[] CharacterizationWords = [
        "describe", "describes", "described", "describing", "call", "calls", "called", "calling", "label", "labels",
        "labelled", "labeled", "labelling", "labeling", "brand", "brands", "branded", "branding", "dub", "dubs", "dubbed",
        "hail", "hails", "hailed", "hailing", "praise", "praises", "praised", "praising", "criticise", "criticises",
        "criticised", "criticising", "criticize", "criticizes", "criticized", "criticizing", "condemn", "condemns",
        "condemned", "condemning", "dismiss", "dismisses", "dismissed", "dismissing", "welcome", "welcomes", "welcomed",
        "welcoming", "term", "terms", "termed", "terming", "characterise", "characterised", "characterize",
        "characterized", "accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming",
        "slam", "slams", "slammed", "slamming", "denounce", "denounces", "denounced", "denouncing"];

    private static readonly string[] TitleNounWords = [
        "title", "titled", "entitled", "headline", "headlined", "heading", "caption", "captioned"];

    /// <summary>Words that may stand between a speaker and its verb: "Sullivan also said", "he has repeatedly warned".</summary>
    private static readonly WordTable<bool> Skippable = Set(
        "also", "has", "have", "had", "later", "then", "earlier", "previously", "recently", "once", "again", "further",
        "reportedly", "repeatedly", "publicly", "privately", "separately", "subsequently", "yesterday", "today", "tonight",
        "now", "himself", "herself", "itself", "themselves", "would", "will", "could", "may", "might", "should", "must",
        "can", "did", "does", "do", "just", "simply", "quickly", "immediately", "initially", "originally", "on", "last",
        "this", "week", "month", "year", "night", "morning", "afternoon", "evening", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "however", "meanwhile", "still", "even", "already", "always",
        "often", "frequently", "clearly", "explicitly", "openly", "angrily", "firmly", "flatly", "bluntly", "strongly",
        "'ve", "'d", "'s");

    /// <summary>Words that make a speech verb not an attribution: negation and the passive ("was told", "is said").</summary>
    private static readonly WordTable<bool> Blocking = Set(
        "not", "n't", "never", "was", "were", "is", "are", "been", "being", "be", "'re", "'m", "if", "whether", "to");

    /// <summary>Prepositions that end the head of a noun phrase: "an official [from …]", "a spokesman [for …]".</summary>
    private static readonly WordTable<bool> Prepositions = Set(
        "of", "for", "from", "at", "with", "in", "on", "by", "to", "among", "within", "inside", "representing", "behind",
        "against", "over", "between", "under", "including", "like", "about", "into", "through", "towards", "toward",
        "alongside", "beside", "despite", "without", "via", "during", "near", "upon", "amid", "beyond", "across", "than");

    /// <summary>Words that end a noun phrase when reading leftwards from the verb.</summary>
    private static readonly WordTable<bool> ClauseBoundaries = Set(
        "that", "which", "who", "whom", "whose", "when", "while", "whereas", "because", "as", "if", "after", "before",
        "than", "where", "since", "though", "although", "unless", "until", "so", "but", "what", "how", "why", "whether");

    private static readonly WordTable<bool> Determiners = Set(
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "one", "some",
        "several", "two", "three", "many", "other", "another", "both", "all", "each", "any", "no", "most", "senior",
        "top", "former", "chief", "unnamed", "anonymous");

    private static readonly WordTable<bool> DefiniteDeterminers = Set("the", "this", "that", "these", "those");

    /// <summary>Words that cannot start a reported clause after "said" (without "that").</summary>
    private static readonly WordTable<bool> NotClauseStart = Set(
        "to", "in", "on", "at", "by", "for", "of", "with", "from", "about", "so", "yes", "no", "nothing", "goodbye",
        "and", "or", "but", "as", "if", "was", "were", "is", "are", "be", "been", "had", "has", "have", "would", "will",
        "could", "should", "may", "might", "can", "must", "did", "do", "does", "than", "when", "while", "after", "before",
        "during", "through", "over", "under", "via", "hello", "sorry", "thanks", "otherwise", "differently", "more",
        "less", "little", "much", "enough", "anything", "something", "everything", "what", "how", "why", "where",
        "who", "which", "whether", "only", "just", "publicly", "privately", "earlier", "later", "recently", "repeatedly",
        "previously", "again", "also", "too", "here", "there's", "\u2014", "-");

    /// <summary>Short adverbials that may stand between a verb and its clause: "said on Monday that", "told CBS last week".</summary>
    private static readonly WordTable<bool> Adverbials = Set(
        "on", "in", "at", "during", "last", "late", "early", "earlier", "later", "this", "yesterday", "today", "tonight",
        "recently", "again", "also", "then", "previously", "repeatedly", "publicly", "privately", "separately", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month", "year", "night", "morning",
        "afternoon", "evening", "a", "an", "the", "statement", "interview", "speech", "letter", "news", "conference",
        "briefing", "press", "release", "television", "radio", "broadcast", "written", "separate", "earlier", "told",
        "reporters", "journalists", "parliament", "mps");

    /// <summary>Hearers that may follow "told" without "that": "told reporters the plan…".</summary>
    private static readonly WordTable<bool> Audiences = Set(
        "reporters", "journalists", "parliament", "mps", "lawmakers", "delegates", "investors", "analysts", "shareholders",
        "supporters", "the", "a", "an", "him", "her", "them", "us", "me", "senators", "congress", "the", "conference",
        "students", "listeners", "viewers", "readers", "members", "workers", "staff", "employees", "fans", "officials",
        "bbc", "news", "programme", "program", "radio", "newspaper", "magazine", "agency", "'s", "local", "state",
        "national", "television", "channel", "tv", "website");

    private static readonly WordTable<NounClass> Nouns = new(BuildNouns());

    private static readonly WordTable<CueKind> Cues = new(
        TitleNounWords.Select(w => KeyValuePair.Create(w, CueKind.Title))
            .Concat(CharacterizationWords.Select(w => KeyValuePair.Create(w, CueKind.Characterization)))
            .Concat(ParticipleWords.Select(w => KeyValuePair.Create(w, CueKind.Participle)))
            .Concat(VerbWords.Select(w => KeyValuePair.Create(w, CueKind.Verb))));

    public static CueKind Cue(ReadOnlySpan<char> word) => Cues.TryGetValue(word, out var kind) ? kind : CueKind.None;

    public static bool IsSayVerb(ReadOnlySpan<char> lower) => Contains(SayVerbs, lower);

    public static bool IsAlsoPluralNoun(ReadOnlySpan<char> word) => Contains(PluralNouns, word);

    public static bool IsObjectVerb(ReadOnlySpan<char> lower) => Contains(ObjectVerbs, lower);

    public static bool IsSkippable(ReadOnlySpan<char> lower) => Contains(Skippable, lower);

    public static bool IsBlocking(ReadOnlySpan<char> lower) => Contains(Blocking, lower);

    public static bool IsPreposition(ReadOnlySpan<char> lower) => Contains(Prepositions, lower);

    public static bool IsClauseBoundary(ReadOnlySpan<char> lower) => Contains(ClauseBoundaries, lower);

    public static bool IsDeterminer(ReadOnlySpan<char> lower) => Contains(Determiners, lower);

    public static bool IsDefinite(ReadOnlySpan<char> lower) => Contains(DefiniteDeterminers, lower);

    public static bool CannotStartClause(ReadOnlySpan<char> lower) => Contains(NotClauseStart, lower);

    public static bool IsAdverbial(ReadOnlySpan<char> lower) => Contains(Adverbials, lower);

    public static bool IsAudience(ReadOnlySpan<char> lower) => Contains(Audiences, lower);

    public static NounClass ClassOf(ReadOnlySpan<char> word) => Nouns.TryGetValue(word, out var nounClass) ? nounClass : NounClass.None;

    /// <summary>
    /// What a descriptive noun is compared by when "the …" looks for its antecedent: its singular, with the usual
    /// synonyms of one key ("the firm" finds "the company"; "the news" finds "the newspaper"; "spokeswoman" "spokesman").
    /// </summary>
    public static string DescriptionKey(ReadOnlySpan<char> word)
    {
        var nounClass = ClassOf(word);
        if (nounClass == NounClass.Media)
        {
            return "media";
        }
        var singular = Singular(word.ToString().ToLowerInvariant());
        return singular switch
        {
            "firm" or "corporation" or "concern" or "group" or "conglomerate" or "giant" => "company",
            "spokeswoman" or "spokesperson" or "representative" => "spokesman",
            "advisor" => "adviser",
            _ => singular,
        };
    }

    /// <summary>The singular of a role noun, so that "officials" finds "official": "spokesmen" → "spokesman".</summary>
    public static string Singular(string lower) =>
        lower.EndsWith("men", StringComparison.Ordinal) ? lower[..^3] + "man"
        : lower.EndsWith("people", StringComparison.Ordinal) && lower.Length > 6 ? lower[..^6] + "person"
        : lower.EndsWith("ies", StringComparison.Ordinal) && lower.Length > 4 ? lower[..^3] + "y"
        : lower.EndsWith("sses", StringComparison.Ordinal) || lower.EndsWith("ches", StringComparison.Ordinal) ? lower[..^2]
        : lower.EndsWith('s') && !lower.EndsWith("ss", StringComparison.Ordinal) && lower.Length > 3 ? lower[..^1]
        : lower;

    private static Dictionary<string, NounClass> BuildNouns()
    {
        var nouns = new Dictionary<string, NounClass>(StringComparer.OrdinalIgnoreCase);
        void Add(NounClass nounClass, params string[] words)
        {
            foreach (var word in words)
            {
                nouns[word] = nounClass;
                var plural = word.EndsWith("man", StringComparison.Ordinal) ? word[..^3] + "men"
                    : word.EndsWith("person", StringComparison.Ordinal) ? word[..^6] + "people"
                    : word.EndsWith('y') && !word.EndsWith("ey", StringComparison.Ordinal) ? word[..^1] + "ies"
                    : word.EndsWith('s') || word.EndsWith("ch", StringComparison.Ordinal) ? word + "es"
                    : word + "s";
                nouns.TryAdd(plural, nounClass);
            }
        }

        Add(NounClass.PersonRole,
            "official", "minister", "secretary", "president", "chairman", "chairwoman", "chair", "director", "chief",
            "executive", "manager", "adviser", "advisor", "analyst", "economist", "source", "diplomat", "envoy",
            "ambassador", "governor", "senator", "lawmaker", "legislator", "leader", "head", "commander", "general",
            "officer", "prosecutor", "lawyer", "attorney", "judge", "mayor", "premier", "chancellor", "king", "queen",
            "prince", "princess", "pope", "coach", "player", "star", "singer", "actor", "actress", "author", "writer",
            "producer", "boss", "founder", "owner", "expert", "professor", "researcher", "scientist", "doctor", "witness",
            "resident", "trader", "dealer", "broker", "investor", "banker", "negotiator", "inspector", "deputy", "aide",
            "strategist", "campaigner", "activist", "candidate", "mp", "mep", "lord", "ceo", "treasurer", "editor",
            "correspondent", "reporter", "journalist", "columnist", "critic", "observer", "member", "worker", "employee",
            "student", "fan", "striker", "midfielder", "defender", "goalkeeper", "captain", "musician", "designer",
            "artist", "comedian", "presenter", "host", "man", "woman", "person", "people", "father", "mother", "son",
            "daughter", "wife", "husband", "friend", "neighbour", "neighbor", "victim", "survivor", "soldier", "detective",
            "policeman", "policewoman", "teacher", "insider", "veteran", "vice-president", "chief executive",
            "economist", "strategist", "specialist", "consultant", "administrator", "commissioner", "regulator",
            "organiser", "organizer", "director-general", "secretary-general", "minister", "chief", "counsel", "partner");
        Add(NounClass.Voice,
            "spokesman", "spokeswoman", "spokesperson", "representative", "statement", "communique", "communiqué",
            "release", "report", "study", "survey", "filing", "announcement");
        Add(NounClass.Organization,
            "company", "firm", "group", "corporation", "concern", "maker", "manufacturer", "retailer", "carrier", "airline",
            "bank", "lender", "insurer", "operator", "utility", "chain", "giant", "conglomerate", "subsidiary", "unit",
            "parent", "brewer", "miner", "refiner", "supplier", "distributor", "exporter", "importer", "developer",
            "publisher", "studio", "label", "club", "team", "fund", "trust", "exchange", "government", "administration",
            "ministry", "department", "office", "authority", "council", "commission", "committee", "cabinet", "regime",
            "parliament", "congress", "senate", "assembly", "court", "tribunal", "police", "army", "military", "navy",
            "embassy", "consulate", "regulator", "watchdog", "board", "bureau", "service", "party", "union", "federation",
            "association", "organisation", "organization", "institute", "foundation", "charity", "body", "league",
            "coalition", "alliance", "opposition", "movement", "side", "organisers", "organizers", "agency");
        Add(NounClass.Media,
            "newspaper", "paper", "daily", "weekly", "tabloid", "magazine", "journal", "news", "broadcaster", "channel",
            "network", "station", "outlet", "publication", "website", "site", "programme", "program", "show", "article",
            "story", "editorial", "newsletter", "bulletin", "wire");
        // Plurals that the rule above gets wrong or that name a person, not a group.
        nouns["news"] = NounClass.Media;
        nouns["people"] = NounClass.PersonRole;
        return nouns;
    }

    private static WordTable<bool> Set(params string[] words) => new(words.Select(w => KeyValuePair.Create(w, true)));

    private static bool Contains(WordTable<bool> set, ReadOnlySpan<char> word) => set.Contains(word);
}
