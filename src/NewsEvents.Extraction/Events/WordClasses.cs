using System.Collections.Frozen;

namespace NewsEvents.Extraction.Events;

/// <summary>The closed-class words of English that the event reader steers by, and the cue words of modality.</summary>
[Flags]
internal enum WordClass
{
    None = 0,
    Determiner = 1 << 0,
    Possessive = 1 << 1,
    Preposition = 1 << 2,

    /// <summary>Introduces who is acted upon: "to", "with", "against", "on", "from", "into", "toward(s)", "upon".</summary>
    TargetPreposition = 1 << 3,

    /// <summary>Introduces where: "in", "at", "near", "outside", "inside", "across", "throughout", "around".</summary>
    LocationPreposition = 1 << 4,
    Be = 1 << 5,
    Have = 1 << 6,
    Do = 1 << 7,

    /// <summary>"will", "would", "shall", "could", "may", "might", "must", "should", "can", "'ll", "'d".</summary>
    Modal = 1 << 8,
    Negator = 1 << 9,

    /// <summary>Starts a subordinate or relative clause: "that", "which", "who", "because", "although", "while", "if".</summary>
    ClauseStart = 1 << 10,
    Coordinator = 1 << 11,
    Pronoun = 1 << 12,

    /// <summary>Words that may stand between a subject and its verb: "also", "already", "recently", "then".</summary>
    Adverb = 1 << 13,

    /// <summary>A modifier that makes a nominal event planned: "planned meeting", "potential talks".</summary>
    PlannedModifier = 1 << 14,

    /// <summary>A modifier that makes a nominal event alleged: "alleged attack", "suspected strike".</summary>
    AllegedModifier = 1 << 15,

    /// <summary>Verbs before "to" after which the event did not happen: "refused to", "failed to".</summary>
    NegativeGovernor = 1 << 16,

    /// <summary>Verbs before "to" after which the event did happen: "managed to", "began to".</summary>
    FactualGovernor = 1 << 17,

    /// <summary>Verbs before "to" that make what follows intended: "plans to", "expected to", "agreed to".</summary>
    PlanGovernor = 1 << 18,

    /// <summary>A verb that attributes what follows: "said", "stated", "announced", "told", "warned".</summary>
    ReportVerb = 1 << 19,

    /// <summary>A verb that presents what follows as a claim: "claimed", "alleged", "accused".</summary>
    AllegeVerb = 1 << 20,

    /// <summary>"denied", "denies".</summary>
    DenyVerb = 1 << 21,

    /// <summary>A noun that presents what follows as a claim: "reports that", "allegations of", "rumours".</summary>
    ClaimNoun = 1 << 22,

    /// <summary>"allegedly", "reportedly", "purportedly", "supposedly".</summary>
    ClaimAdverb = 1 << 23,

    /// <summary>Nouns that make a gerund before them an adjective: "negotiating team", "meeting room".</summary>
    GerundCompound = 1 << 24,
}

internal static class WordClasses
{
    private static readonly FrozenDictionary<string, WordClass> Classes = Build();

    private static readonly FrozenDictionary<string, WordClass>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Classes.GetAlternateLookup<ReadOnlySpan<char>>();

    public static WordClass Of(ReadOnlySpan<char> word)
    {
        if (word.Length == 0 || word.Length > 14)
        {
            return WordClass.None;
        }
        if (word[0] is '’' or 'ʼ')
        {
            Span<char> straight = stackalloc char[word.Length];
            word.CopyTo(straight);
            straight[0] = '\'';
            return Lookup.TryGetValue(straight, out var c) ? c : WordClass.None;
        }
        return Lookup.TryGetValue(word, out var found) ? found : WordClass.None;
    }

    private static FrozenDictionary<string, WordClass> Build()
    {
        var classes = new Dictionary<string, WordClass>(StringComparer.OrdinalIgnoreCase);
        void Add(WordClass c, string words)
        {
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                classes[word] = classes.GetValueOrDefault(word) | c;
            }
        }

        Add(WordClass.Determiner, "the a an this that these those some any no every each another such both either neither all several many few its his her their our my your whose");
        Add(WordClass.Possessive, "its his her their our my your 's");
        Add(WordClass.Preposition, "to with against on upon from into onto toward towards at in near outside inside over of for by about after before during under between among across through throughout via amid despite without within behind beyond around along off since until per like than versus");
        Add(WordClass.TargetPreposition, "to with against on upon from into onto toward towards");
        Add(WordClass.LocationPreposition, "in at near outside inside across throughout around");
        Add(WordClass.Be, "is are was were be been being am 're 'm");
        Add(WordClass.Have, "has have had having 've");
        Add(WordClass.Do, "do does did");
        Add(WordClass.Modal, "will would shall should could can may might must 'll 'd wo ca");
        Add(WordClass.Negator, "not n't never no");
        Add(WordClass.ClauseStart, "that which who whom whose because although though while whereas if unless whether");
        Add(WordClass.Coordinator, "and or but nor");
        Add(WordClass.Pronoun, "he she it they we i you him them us");
        Add(WordClass.Adverb, "also already recently reportedly allegedly apparently then still just now later soon again jointly further formally officially finally eventually immediately once twice successfully");
        Add(WordClass.PlannedModifier, "planned proposed upcoming potential possible prospective expected future scheduled forthcoming likely intended imminent next");
        Add(WordClass.AllegedModifier, "alleged suspected purported reported rumoured rumored supposed claimed");
        Add(WordClass.NegativeGovernor, "refused refuses refuse refusing failed fails fail failing declined declines decline declining unable");
        Add(WordClass.FactualGovernor, "managed manages began begins begun started starts continued continues continue used forced compelled obliged");
        Add(WordClass.PlanGovernor, "plans plan planned planning intends intend intended intending expected expects expect set scheduled due going aims aim aimed seeks seek sought wants want wanted hopes hope hoped agreed agree agrees decided decide decides prepared prepares preparing ready promised promise promises pledged vowed threatened threatens negotiating negotiated trying tried tries seeking");

        void AddVerbs(WordClass c, string lemmas)
        {
            foreach (var lemma in lemmas.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var (form, _) in Inflection.VerbForms(lemma))
                {
                    classes[form] = classes.GetValueOrDefault(form) | c;
                }
            }
        }

        AddVerbs(WordClass.ReportVerb, "say state tell announce add note explain confirm reveal declare highlight emphasize emphasise stress insist argue indicate acknowledge disclose write quote warn report");
        AddVerbs(WordClass.AllegeVerb, "claim allege accuse suspect");
        AddVerbs(WordClass.DenyVerb, "deny");
        Add(WordClass.ClaimNoun, "report reports claim claims allegation allegations accusation accusations rumour rumours rumor rumors speculation suggestions");
        Add(WordClass.ClaimAdverb, "allegedly reportedly purportedly supposedly");
        Add(WordClass.GerundCompound, "team teams committee committees table session sessions partner partners position positions round rounds process power powers room rooms group groups body bodies skills strategy tactics stance agenda place venue point points");

        return classes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
