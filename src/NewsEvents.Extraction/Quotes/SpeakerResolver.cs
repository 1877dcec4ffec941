using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Quotes;

internal enum SpeakerKind
{
    /// <summary>Nothing that names a speaker: the verb is not an attribution here.</summary>
    None,

    /// <summary>A speaker the article names: an entity.</summary>
    Named,

    /// <summary>An explicit but unnamed speaker: "an official said", "sources say", a pronoun with no antecedent.</summary>
    Unnamed,
}

/// <summary>Who speaks, and the tokens <c>[Start..End)</c> of the noun phrase that says so.</summary>
internal readonly record struct Speaker(SpeakerKind Kind, int Entity, int Start, int End)
{
    public static Speaker None { get; } = new(SpeakerKind.None, -1, -1, -1);

    public bool Found => Kind != SpeakerKind.None;

    public int? EntityOrNull => Kind == SpeakerKind.Named ? Entity : null;

    public Speaker At(int start, int end) => this with { Start = start, End = end };
}

/// <summary>
/// Reads the noun phrase next to a speech verb and resolves it to an entity of the article: a name ("Jake Sullivan
/// said"), a name with a title or apposition ("said US National Security Advisor Jake Sullivan", "Sullivan, the
/// adviser, said"), a pronoun (nearest earlier compatible entity), a description ("the official", "the newspaper": the
/// entity the article described so earlier, or nobody when the earlier one was unnamed), or someone speaking for an
/// entity ("a Kremlin spokesman", "a statement from the ministry").
/// </summary>
internal sealed class SpeakerResolver(FieldView view)
{
    /// <summary>How far back (in tokens) pronouns and descriptions look for what they refer to.</summary>
    private const int Reach = 400;

    private const int MaxPhraseTokens = 14;

    private readonly FieldView _view = view;

    private readonly Dictionary<int, int> _speakers = [];

    private Dictionary<int, char>? _genders;

    /// <summary>The speaker named before a verb: "Sullivan said", "the news highlighted", "he also told".</summary>
    public Speaker Before(int cue, int frameStart)
    {
        var v = _view;
        var j = cue - 1;
        var quoted = v.Is(cue, "quoted"); // "the Arsenal boss is quoted as saying": the subject said it
        while (j >= frameStart && v.IsLowerWord(j))
        {
            var word = v.Word(j);
            if (quoted && (v.Is(j, "is") || v.Is(j, "was") || v.Is(j, "were") || v.Is(j, "are") || v.Is(j, "been") || v.Is(j, "being")))
            {
                j--;
                continue;
            }
            if (SpeechVocabulary.IsBlocking(word))
            {
                return Speaker.None;
            }
            if (!SpeechVocabulary.IsSkippable(word))
            {
                break;
            }
            j--;
        }
        if (j < frameStart)
        {
            return Speaker.None;
        }
        if (v.IsPunctuation(j, ','))
        {
            return Apposition(j, frameStart);
        }
        var phrase = PhraseEndingAt(j, frameStart);
        if ((phrase.Kind != SpeakerKind.Named || v.EntityAt(j) < 0) && phrase.Start - 2 >= frameStart && v.IsPunctuation(phrase.Start - 1, ',')
            && v.EntityAt(phrase.Start - 2) is var named and >= 0 && v.TypeOf(named) == EntityType.Person
            && (phrase.Kind != SpeakerKind.None || v.NounAt(j) == NounClass.PersonRole))
        {
            // "…, Andrew Burke, chief of BT's new Entertainment unit told the forum": the name before the title.
            var mention = v.Mentions[v.MentionOf[phrase.Start - 2]];
            return new Speaker(SpeakerKind.Named, named, mention.FirstToken, phrase.End);
        }
        if (v.Is(j, "who") && j - 1 >= frameStart)
        {
            // "the critic Paul Connolly, who said": the relative pronoun's antecedent.
            var antecedent = v.IsPunctuation(j - 1, ',') ? j - 2 : j - 1;
            return antecedent >= frameStart ? PhraseEndingAt(antecedent, frameStart) : Speaker.None;
        }
        return phrase;
    }

    /// <summary>The agent of a passive speech verb: "described by Sharon as", "was told by officials".</summary>
    public Speaker Agent(int cue, int frameEnd)
    {
        var v = _view;
        return cue + 2 < frameEnd && v.Is(cue + 1, "by") ? After(cue + 1, frameEnd) : Speaker.None;
    }

    /// <summary>The speaker named after a verb: "said Sullivan", "said a spokesman for the Kremlin", "according to X".</summary>
    public Speaker After(int cue, int frameEnd)
    {
        var v = _view;
        var start = cue + 1;
        var end = start;
        while (end < frameEnd && end < v.Count && end - start < MaxPhraseTokens && IsPhraseToken(end, allowPrepositions: true))
        {
            end++;
        }
        if (end == start)
        {
            return Speaker.None;
        }
        var speaker = Phrase(start, end);
        // "according to President of the Federation of Banks, Hanns Schroeder": the name after the title.
        if (speaker.Kind != SpeakerKind.Named && end + 1 < frameEnd && v.IsPunctuation(end, ',') && HeadIsRole(start, end)
            && v.EntityAt(end + 1) is var named and >= 0 && v.TypeOf(named) == EntityType.Person)
        {
            var mention = v.Mentions[v.MentionOf[end + 1]];
            return new Speaker(SpeakerKind.Named, named, start, mention.EndToken);
        }
        return speaker;
    }

    /// <summary>Whether the phrase <c>[start..end)</c> is headed by a role ("President of the Federation of Banks").</summary>
    private bool HeadIsRole(int start, int end)
    {
        var v = _view;
        for (var t = start; t < end; t++)
        {
            if (v.IsLowerWord(t) && SpeechVocabulary.IsPreposition(v.Word(t)))
            {
                return t > start && v.NounAt(t - 1) == NounClass.PersonRole;
            }
        }
        return v.NounAt(end - 1) == NounClass.PersonRole;
    }

    /// <summary>
    /// The subject of the clause <c>[start..limit)</c>, read from its start: a pronoun; a name (not one governed by a
    /// preposition, as in "In Moscow, …"); a name's body ("President Sarney's government" → Sarney); a description
    /// ("The company", "Officials"), or the name a title introduces ("The British newspaper The Telegraph"). Nothing
    /// when the subject is a thing ("Kyiv's attacks were …").
    /// </summary>
    public Speaker SubjectOf(int start, int limit)
    {
        var v = _view;
        var first = start;
        while (first < limit && (v.IsPunctuation(first) || v.Is(first, "but") || v.Is(first, "and") || v.Is(first, "however")))
        {
            first++;
        }
        if (first < limit && v.IsWord(first) && IsPronoun(v.Word(first)))
        {
            return Pronoun(first).At(first, first + 1);
        }
        var location = -1;
        for (var t = first; t < limit && t < first + MaxPhraseTokens; t++)
        {
            if (v.InQuote(t))
            {
                break;
            }
            var entity = v.EntityAt(t);
            if (entity >= 0)
            {
                var mention = v.Mentions[v.MentionOf[t]];
                var end = Math.Max(mention.EndToken, t + 1);
                var before = mention.FirstToken - 1;
                var governed = before >= start && v.IsLowerWord(before) && SpeechVocabulary.IsPreposition(v.Word(before));
                var type = v.TypeOf(entity);
                if (end < limit && (v.Is(end, "'s") || v.Is(end, "’s")))
                {
                    // "President Jose Sarney's government": a body of the name speaks for it; "Kyiv's attacks" do not speak.
                    var head = end + 1 < limit && v.IsLowerWord(end + 1) && v.NounAt(end + 1) == NounClass.None ? end + 2 : end + 1;
                    return head < limit && v.NounAt(head) is NounClass.Organization or NounClass.Voice && IsSpeakerType(entity)
                        ? new Speaker(SpeakerKind.Named, entity, mention.FirstToken, head + 1)
                        : Speaker.None;
                }
                if (!governed && type is EntityType.Person or EntityType.Organization)
                {
                    // "Former Cabinet minister Clare Short": a body before a title is the person's.
                    var person = PersonToken(end, limit);
                    return person >= 0
                        ? new Speaker(SpeakerKind.Named, v.EntityAt(person), mention.FirstToken, v.Mentions[v.MentionOf[person]].EndToken)
                        : new Speaker(SpeakerKind.Named, entity, mention.FirstToken, end);
                }
                if (!governed && type == EntityType.Location && location < 0)
                {
                    location = t;
                }
                t = end - 1;
                continue;
            }
            if (!v.IsWord(t))
            {
                if (v.IsPunctuation(t, ',') && location < 0 && t - first <= 6)
                {
                    continue; // "On Monday, the Kremlin …"
                }
                break;
            }
            var nounClass = v.NounAt(t);
            if (nounClass != NounClass.None)
            {
                // "The British newspaper The Telegraph": the title introduces the name; "The Lord Chancellor, Lord
                // Falconer, …": so does a title with its name in apposition.
                var next = t + 1;
                while (next < limit && next <= t + 4 && v.MentionOf[next] < 0
                    && (v.Is(next, "the") || v.IsPunctuation(next, ',') || v.IsCapitalized(next) || v.NounAt(next) == NounClass.PersonRole))
                {
                    next++;
                }
                if (next < limit && v.EntityAt(next) >= 0 && IsSpeakerType(v.EntityAt(next)))
                {
                    t = next - 1;
                    continue;
                }
                if (location >= 0)
                {
                    break;
                }
                return Phrase(first, t + 1);
            }
            if (v.IsLowerWord(t) && !SpeechVocabulary.IsDeterminer(v.Word(t)) && location >= 0)
            {
                break; // the place was the subject: "Russia refused …"
            }
        }
        if (location >= 0)
        {
            var mention = v.Mentions[v.MentionOf[location]];
            return new Speaker(SpeakerKind.Named, mention.Entity, mention.FirstToken, mention.EndToken);
        }
        return Speaker.None;
    }

    /// <summary>"Sullivan, the US national security adviser, said": the name before the apposition.</summary>
    private Speaker Apposition(int comma, int frameStart)
    {
        var v = _view;
        var limit = Math.Max(frameStart, comma - 16);
        for (var k = comma - 1; k > limit; k--)
        {
            if (v.IsPunctuation(k, ','))
            {
                var first = k + 1;
                var looksLikeApposition = first < comma
                    && (v.IsCapitalized(first) || v.Tokens[first].Kind == Tokenization.TokenKind.Number
                        || v.IsLowerWord(first) && SpeechVocabulary.IsDeterminer(v.Word(first)));
                for (var t = first; looksLikeApposition && t < comma; t++)
                {
                    looksLikeApposition = IsPhraseToken(t, allowPrepositions: true) && !(v.IsLowerWord(t) && IsPronoun(v.Word(t)));
                }
                if (!looksLikeApposition)
                {
                    return Speaker.None;
                }
                var named = k - 1 >= frameStart ? PhraseEndingAt(k - 1, frameStart) : Speaker.None;
                if (named.Kind == SpeakerKind.Named && IsSpeakerType(named.Entity))
                {
                    return named;
                }
                // "A crestfallen France coach, Bernard Laporte, observed": the name is the apposition.
                var inner = v.EntityAt(comma - 1);
                return inner >= 0 && v.TypeOf(inner) == EntityType.Person && v.EntityAt(first) == inner
                    ? new Speaker(SpeakerKind.Named, inner, first, comma)
                    : Speaker.None;
            }
            if (v.IsPunctuation(k) && !v.IsPunctuation(k, '-'))
            {
                return Speaker.None;
            }
        }
        return Speaker.None;
    }

    /// <summary>The noun phrase ending at <paramref name="last"/> (read leftwards to a clause boundary), resolved.</summary>
    private Speaker PhraseEndingAt(int last, int frameStart)
    {
        var v = _view;
        if (v.IsWord(last) && (IsPronoun(v.Word(last)) || v.Is(last, "I") || v.Is(last, "we") || v.Is(last, "you")))
        {
            // A pronoun is a phrase of its own: "In a letter to his constituency chairman he wrote".
            return Phrase(last, last + 1);
        }
        var start = last + 1;
        while (start - 1 >= frameStart && last - start < MaxPhraseTokens && IsPhraseToken(start - 1, allowPrepositions: true)
            && !IsAuxiliary(start - 1))
        {
            start--;
            // A determiner starts the phrase unless a preposition or conjunction joins it to more: "an official from
            // [the Biden administration]", but "In a filing to US regulators [the airline] warned".
            if (v.IsWord(start) && v.MentionOf[start] < 0 && SpeechVocabulary.IsDefinite(v.Word(start)) || v.Is(start, "a") || v.Is(start, "an"))
            {
                var before = start - 1;
                if (before < frameStart || !(v.IsLowerWord(before) && (SpeechVocabulary.IsPreposition(v.Word(before))
                    || v.Is(before, "and") || v.Is(before, "or") || v.Is(before, "both"))))
                {
                    break;
                }
            }
        }
        if (start > last)
        {
            return Speaker.None;
        }

        // Coordinated subjects ("both Kyiv and Western intelligence sources"): the conjunct next to the verb first, then
        // a short named conjunct before it.
        var conjunctStart = start;
        for (var t = last; t > start; t--)
        {
            if ((v.Is(t, "and") || v.Is(t, "or")) && v.MentionOf[t] < 0)
            {
                conjunctStart = t + 1;
                break;
            }
        }
        var speaker = Phrase(conjunctStart, last + 1);
        if (speaker.Kind == SpeakerKind.Named || conjunctStart == start)
        {
            return speaker;
        }
        var previous = Phrase(start, conjunctStart - 1);
        if (previous.Kind == SpeakerKind.Named && conjunctStart - 1 - start <= 4)
        {
            return previous.At(start, last + 1);
        }
        return speaker.Found ? speaker : Speaker.None;
    }

    /// <summary>Resolves the noun phrase <c>[start..end)</c>: its head before any preposition decides.</summary>
    private Speaker Phrase(int start, int end)
    {
        var v = _view;
        while (start < end - 1 && v.MentionOf[start] < 0 && v.IsLowerWord(start) && SpeechVocabulary.IsPreposition(v.Word(start)))
        {
            start++; // "including actor George C Scott who said": the phrase starts after the preposition
        }
        var headEnd = end;
        for (var t = start; t < end; t++)
        {
            if (v.MentionOf[t] < 0 && v.IsLowerWord(t) && SpeechVocabulary.IsPreposition(v.Word(t)))
            {
                headEnd = t;
                break;
            }
        }
        if (headEnd == start)
        {
            return Speaker.None;
        }
        // A name after its title is the head, prepositions in the title or not: "director of rugby Rob Andrew" (but
        // not "an aide to Tony Blair").
        var name = v.EntityAt(end - 1);
        if (name >= 0 && v.TypeOf(name) == EntityType.Person)
        {
            var first = v.Mentions[v.MentionOf[end - 1]].FirstToken;
            if (first - 1 >= start && !(v.IsLowerWord(first - 1) && SpeechVocabulary.IsPreposition(v.Word(first - 1))))
            {
                return new Speaker(SpeakerKind.Named, name, start, end);
            }
        }
        var head = headEnd - 1;
        var entity = v.EntityAt(head);
        if (entity >= 0)
        {
            return new Speaker(SpeakerKind.Named, entity, start, end);
        }
        if (!v.IsWord(head))
        {
            return Speaker.None;
        }
        var word = v.Word(head);
        if (IsPronoun(word))
        {
            return head == start ? Pronoun(head).At(start, end) : Speaker.None;
        }
        if (word.Equals("i", StringComparison.OrdinalIgnoreCase) || word.Equals("we", StringComparison.OrdinalIgnoreCase)
            || word.Equals("you", StringComparison.OrdinalIgnoreCase))
        {
            return head == start ? new Speaker(SpeakerKind.Unnamed, -1, start, end) : Speaker.None;
        }

        var nounClass = v.NounAt(head);
        var definite = v.IsWord(start) && SpeechVocabulary.IsDefinite(v.Word(start));
        if (nounClass != NounClass.None && start < head && IsPossessivePronoun(start))
        {
            // "its report", "his spokesman": whose it is.
            return Possessor(start).At(start, end);
        }
        var modifier = Modifier(start, head, allowPeople: nounClass != NounClass.PersonRole);
        switch (nounClass)
        {
            case NounClass.Voice:
                if (modifier >= 0)
                {
                    return new Speaker(SpeakerKind.Named, modifier, start, end);
                }
                if (head - 1 >= start && v.NounAt(head - 1) is NounClass.Organization or NounClass.Media)
                {
                    // "a company spokesman": the company the article is about
                    return Describe(head - 1, v.NounAt(head - 1)).At(start, end);
                }
                if (headEnd < end)
                {
                    // "a spokesman for the company", "a statement from the Kremlin"
                    var whose = Phrase(headEnd + 1, end);
                    if (whose.Found)
                    {
                        return whose.At(start, end);
                    }
                }
                return (definite ? Describe(head, nounClass) : Unnamed()).At(start, end);
            case NounClass.PersonRole:
                return (definite ? Describe(head, nounClass) : Unnamed()).At(start, end);
            case NounClass.Organization:
            case NounClass.Media:
                if (modifier >= 0)
                {
                    return new Speaker(SpeakerKind.Named, modifier, start, end);
                }
                return (definite ? Describe(head, nounClass) : Unnamed()).At(start, end);
            default:
                // A capitalised word the tagger did not recognise is still a name: the speaker is explicit, if unknown.
                return v.IsCapitalized(head) && head > v.SentenceStart(head) && !SpeechVocabulary.IsDeterminer(word)
                    ? new Speaker(SpeakerKind.Unnamed, -1, start, end)
                    : Speaker.None;
        }
    }

    private static Speaker Unnamed() => new(SpeakerKind.Unnamed, -1, -1, -1);

    /// <summary>
    /// The entity named right before a head noun, which the head speaks for: "the BankAmerica board", "a Kremlin
    /// spokesman", "Russia's foreign ministry" (one word at most between), not "the UK's biggest mortgage lender".
    /// </summary>
    private int Modifier(int start, int head, bool allowPeople)
    {
        var v = _view;
        var t = head - 1;
        if (t >= start && v.IsLowerWord(t) && v.MentionOf[t] < 0)
        {
            t--;
        }
        if (t >= start && (v.Is(t, "'s") || v.Is(t, "’s")))
        {
            t--;
        }
        var entity = t >= start ? v.EntityAt(t) : -1;
        if (entity >= 0 && v.TypeOf(entity) is EntityType.Organization or EntityType.Location
            || entity >= 0 && allowPeople && v.TypeOf(entity) == EntityType.Person)
        {
            return entity;
        }
        return -1;
    }

    /// <summary>
    /// "the official", "the newspaper": the nearest earlier noun of the same kind decides. When the article attached
    /// it to an entity ("the British newspaper The Telegraph", "Jake Sullivan, a senior official,") that entity speaks;
    /// when the earlier one was itself "the …", keep looking; when it was "an official" with no name, nobody named does.
    /// Bodies ("the company") fall back on the nearest earlier organisation.
    /// </summary>
    private Speaker Describe(int noun, NounClass nounClass)
    {
        var v = _view;
        var key = SpeechVocabulary.DescriptionKey(v.Word(noun));
        var sawSame = false;
        var limit = Math.Max(0, noun - Reach);
        var t = noun - 1;
        while (t >= limit)
        {
            if (v.InQuote(t) || !v.IsWord(t) || v.MentionOf[t] >= 0)
            {
                t--;
                continue;
            }
            var word = v.Word(t);
            var same = v.NounAt(t) == nounClass && SpeechVocabulary.DescriptionKey(word) == key && !IsVerbUse(t);
            if (same)
            {
                sawSame = true;
                var attached = Attached(t, nounClass);
                if (attached >= 0)
                {
                    return new Speaker(SpeakerKind.Named, attached, -1, -1);
                }
                // "an official" with no name is someone unnamed; "a private corporation" is only another company,
                // while "the company" is usually the one the story is about.
                if (!IsDefiniteAt(t) && nounClass is NounClass.PersonRole or NounClass.Voice)
                {
                    return Unnamed();
                }
            }
            t--;
        }
        // A role no earlier sentence gave anyone ("the prime minister said", "the ex-Reds assistant boss warned") is
        // most often the person the last sentences are about.
        if (nounClass == NounClass.PersonRole && !sawSame && SpeechVocabulary.Singular(v.Word(noun).ToString().ToLowerInvariant()).Length == v.Word(noun).Length)
        {
            // One person, named in an earlier sentence: not "the law lords", not the subject of this very sentence.
            var person = Salient(noun, 'U', earlierSentencesOnly: true);
            if (person >= 0)
            {
                return new Speaker(SpeakerKind.Named, person, -1, -1);
            }
        }
        // Only "the company" (or firm, group…), a medium or a voice falls back on the organisation the story is about;
        // "the police" or "the ministry" is not whichever organisation came last.
        if (nounClass is NounClass.Media or NounClass.Voice || key == "company")
        {
            var organization = Nearest(noun, type => type == EntityType.Organization, _ => true, ungoverned: true);
            if (organization < 0)
            {
                organization = Nearest(noun, type => type == EntityType.Organization, _ => true);
            }
            if (organization >= 0)
            {
                return new Speaker(SpeakerKind.Named, organization, -1, -1);
            }
        }
        return Unnamed();
    }

    /// <summary>An auxiliary verb: a noun phrase never holds one, so reading leftwards it ends the phrase.</summary>
    private bool IsAuxiliary(int token)
    {
        var v = _view;
        return v.IsLowerWord(token) && (v.Is(token, "has") || v.Is(token, "have") || v.Is(token, "had") || v.Is(token, "will")
            || v.Is(token, "would") || v.Is(token, "can") || v.Is(token, "could") || v.Is(token, "may") || v.Is(token, "might")
            || v.Is(token, "should") || v.Is(token, "must") || v.Is(token, "did") || v.Is(token, "does") || v.Is(token, "do")
            || v.Is(token, "shall"));
    }

    /// <summary>A noun-looking word used as a verb: "failing to report", "they report", "will chair".</summary>
    private bool IsVerbUse(int token)
    {
        var v = _view;
        var before = token - 1;
        return before >= 0 && v.IsWord(before) && (v.Is(before, "to") || v.Is(before, "will") || v.Is(before, "would")
            || v.Is(before, "can") || v.Is(before, "could") || v.Is(before, "may") || v.Is(before, "might") || v.Is(before, "should")
            || v.Is(before, "must") || v.Is(before, "not") || v.Is(before, "n't") || v.Is(before, "did") || v.Is(before, "they")
            || v.Is(before, "we") || v.Is(before, "i") || v.Is(before, "you"));
    }

    /// <summary>Whether the noun at <paramref name="noun"/> is read with "the"/"this" (a few adjectives may intervene).</summary>
    private bool IsDefiniteAt(int noun)
    {
        var v = _view;
        for (var t = noun - 1; t >= 0 && t >= noun - 3; t--)
        {
            if (!v.IsWord(t))
            {
                return false;
            }
            if (SpeechVocabulary.IsDefinite(v.Word(t)) || v.Is(t, "its") || v.Is(t, "their"))
            {
                return true;
            }
            if (SpeechVocabulary.IsDeterminer(v.Word(t)) && !v.Is(t, "senior") && !v.Is(t, "top") && !v.Is(t, "former"))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>
    /// The entity a descriptive noun is attached to: a title before a name ("newspaper The Telegraph", "Advisor Jake
    /// Sullivan"), a head after a name ("the CBS channel", "a Kremlin spokesman"), or an apposition ("Sullivan, the
    /// adviser"). -1 when it stands alone.
    /// </summary>
    private int Attached(int noun, NounClass nounClass)
    {
        var v = _view;
        // A title before the name, capitalised words and "the" between: "newspaper The Telegraph".
        for (var t = noun + 1; t < v.Count && t <= noun + 4; t++)
        {
            var entity = v.EntityAt(t);
            if (entity >= 0)
            {
                return IsSpeakerType(entity) ? entity : -1;
            }
            if (!(v.IsCapitalized(t) || v.Is(t, "the") || t == noun + 1 && v.IsPunctuation(t, ',')))
            {
                break;
            }
        }
        // Whom a voice speaks for: "a spokesman for Michael Howard", "a statement from the Kremlin".
        if (nounClass == NounClass.Voice && noun + 1 < v.Count && v.IsLowerWord(noun + 1) && SpeechVocabulary.IsPreposition(v.Word(noun + 1)))
        {
            for (var t = noun + 2; t < v.Count && t <= noun + 4; t++)
            {
                var entity = v.EntityAt(t);
                if (entity >= 0)
                {
                    return IsSpeakerType(entity) ? entity : -1;
                }
                if (!(v.IsCapitalized(t) || v.IsLowerWord(t) && SpeechVocabulary.IsDeterminer(v.Word(t))))
                {
                    break;
                }
            }
        }
        // A name before the head: "the US-based CBS channel", "a Kremlin spokesman", "BankAmerica's spokesman".
        if (nounClass != NounClass.PersonRole)
        {
            var before = noun - 1;
            if (before >= 0 && (v.Is(before, "'s") || v.Is(before, "’s")))
            {
                before--;
            }
            if (before >= 0 && v.EntityAt(before) is var owner and >= 0 && IsSpeakerType(owner))
            {
                return owner;
            }
        }
        // An apposition: "Jake Sullivan, a senior official," / "Arthur Miller, BankAmerica's Vice President".
        for (var k = noun - 1; k >= 0 && k >= noun - 8; k--)
        {
            if (v.IsPunctuation(k, ','))
            {
                var entity = k > 0 ? v.EntityAt(k - 1) : -1;
                return entity >= 0 && IsSpeakerType(entity) && ClosesApposition(noun) ? entity : -1;
            }
            if (!v.IsWord(k) && !v.IsPunctuation(k, '-') || v.IsLowerWord(k) && SpeechVocabulary.IsClauseBoundary(v.Word(k)))
            {
                break;
            }
        }
        return -1;
    }

    /// <summary>
    /// Whether a comma (or the end of the sentence) closes the phrase of <paramref name="noun"/> before any verb: "Jake
    /// Sullivan, a senior official, spoke", not "Speaking to CBS, an official from the administration said".
    /// </summary>
    private bool ClosesApposition(int noun)
    {
        var v = _view;
        var end = v.SentenceEnd(noun);
        for (var t = noun + 1; t < end && t <= noun + 8; t++)
        {
            if (v.IsPunctuation(t))
            {
                return !v.IsPunctuation(t, '-');
            }
            if (v.IsLowerWord(t) && (v.CueAt(t) != CueKind.None || SpeechVocabulary.IsBlocking(v.Word(t))
                || SpeechVocabulary.IsSkippable(v.Word(t))))
            {
                return false;
            }
        }
        return noun + 1 >= end;
    }

    private bool IsSpeakerType(int entity) => _view.TypeOf(entity) is EntityType.Person or EntityType.Organization or EntityType.Location;

    /// <summary>he/she: the nearest earlier person of a compatible sex; it: organisation; they: organisation or group.</summary>
    private Speaker Pronoun(int token)
    {
        var v = _view;
        var word = v.Word(token);
        int entity;
        if (word.Equals("he", StringComparison.OrdinalIgnoreCase) || word.Equals("she", StringComparison.OrdinalIgnoreCase))
        {
            var sex = char.ToLowerInvariant(word[0]) == 'h' ? 'M' : 'F';
            // The person the last sentences are about (who spoke in them, or their subject) first; then the nearest
            // name that is not inside a prepositional phrase ("hosted by … Gordon Brown"); then any.
            entity = Salient(token, sex);
            if (entity < 0)
            {
                entity = Nearest(token, type => type == EntityType.Person, e => Compatible(e, sex), ungoverned: true);
            }
            if (entity < 0)
            {
                entity = Nearest(token, type => type == EntityType.Person, e => Compatible(e, sex));
            }
            if (entity >= 0)
            {
                (_genders ??= [])[entity] = sex; // "she" once, "she" after: a name of either sex is now known
            }
        }
        else if (word.Equals("it", StringComparison.OrdinalIgnoreCase))
        {
            entity = Nearest(token, type => type == EntityType.Organization, _ => true);
        }
        else
        {
            entity = Nearest(token, type => type is EntityType.Organization or EntityType.Group, _ => true);
        }
        return entity >= 0 ? new Speaker(SpeakerKind.Named, entity, -1, -1) : Unnamed();
    }

    /// <summary>Records who spoke in a sentence, for pronouns after it.</summary>
    public void SpokeIn(int sentence, int entity) => _speakers.TryAdd(sentence, entity);

    /// <summary>
    /// The person of compatible sex who spoke in this sentence (before the pronoun) or one of the two before it, or is
    /// the named subject at the start of this sentence or the one before; -1 when none is.
    /// </summary>
    private int Salient(int token, char sex, bool earlierSentencesOnly = false)
    {
        var v = _view;
        var sentence = v.SentenceOf[token];
        for (var s = earlierSentencesOnly ? sentence - 1 : sentence; s >= 0 && s >= sentence - 2; s--)
        {
            if (_speakers.TryGetValue(s, out var spoke) && v.TypeOf(spoke) == EntityType.Person && Compatible(spoke, sex))
            {
                return spoke;
            }
            if (s < sentence - 1)
            {
                continue; // subjects only of this sentence and the one before
            }
            var start = v.Sentences[s].TokenStart;
            var end = s == sentence ? token : v.Sentences[s].TokenEnd;
            var subject = NamedSubject(start, end);
            if (subject >= 0 && v.TypeOf(subject) == EntityType.Person && Compatible(subject, sex))
            {
                return subject;
            }
        }
        return -1;
    }

    /// <summary>
    /// The name a sentence starts with, past conjunctions, determiners and titles ("But Clooney accused …", "Labour
    /// leader Tony Blair said …"); -1 when it starts otherwise ("At a conference …", a pronoun, a quote).
    /// </summary>
    private int NamedSubject(int start, int limit)
    {
        var v = _view;
        for (var t = start; t < limit && t < start + 8; t++)
        {
            if (v.InQuote(t))
            {
                return -1;
            }
            var entity = v.EntityAt(t);
            if (entity >= 0 && v.TypeOf(entity) is EntityType.Person or EntityType.Organization or EntityType.Location)
            {
                var end = v.Mentions[v.MentionOf[t]].EndToken;
                // "Lib Dem chairman Matthew Taylor": a body before a title is the person's.
                var person = PersonToken(end, limit);
                if (person >= 0)
                {
                    entity = v.EntityAt(person);
                    end = v.Mentions[v.MentionOf[person]].EndToken;
                }
                return end < v.Count && (v.Is(end, "'s") || v.Is(end, "’s")) ? -1 : entity;
            }
            if (entity >= 0 || v.IsPunctuation(t, ','))
            {
                continue;
            }
            if (!v.IsWord(t))
            {
                return -1;
            }
            var word = v.Word(t);
            var lower = v.IsLowerWord(t);
            if (SpeechVocabulary.IsPreposition(word) || IsPronoun(word) || lower && SpeechVocabulary.IsClauseBoundary(word))
            {
                return -1;
            }
            if (lower && !SpeechVocabulary.IsDeterminer(word) && v.NounAt(t) == NounClass.None && !SpeechVocabulary.IsSkippable(word))
            {
                return -1; // a verb or an adjective we cannot tell from one: the subject was not a name
            }
        }
        return -1;
    }

    /// <summary>The token of a person named after a title that follows a name: "[Lib Dem] chairman Matthew Taylor"; -1.</summary>
    private int PersonToken(int end, int limit)
    {
        var v = _view;
        var next = end;
        var role = false;
        while (next < limit && next < end + 3 && v.IsWord(next) && v.MentionOf[next] < 0
            && (v.NounAt(next) == NounClass.PersonRole || v.IsCapitalized(next) || v.Is(next, "former")))
        {
            role |= v.NounAt(next) == NounClass.PersonRole;
            next++;
        }
        return role && next < limit && v.EntityAt(next) is var person and >= 0 && v.TypeOf(person) == EntityType.Person ? next : -1;
    }

    /// <summary>The entity of the nearest mention before <paramref name="token"/> outside quotes that fits.</summary>
    private int Nearest(int token, Func<EntityType, bool> type, Func<int, bool> accept, bool ungoverned = false)
    {
        var v = _view;
        var limit = Math.Max(0, token - Reach);
        for (var t = token - 1; t >= limit; t--)
        {
            var entity = v.EntityAt(t);
            if (entity >= 0 && !v.InQuote(t) && type(v.TypeOf(entity)) && accept(entity)
                && !(ungoverned && IsGoverned(v.Mentions[v.MentionOf[t]].FirstToken)))
            {
                return entity;
            }
        }
        return -1;
    }

    /// <summary>
    /// Whether the name starting at <paramref name="first"/> is the object of a preposition, read past a few words of
    /// title before it: "by UK finance minister Gordon Brown", "with Mr Blair".
    /// </summary>
    private bool IsGoverned(int first)
    {
        var v = _view;
        for (var t = first - 1; t >= 0 && t >= first - 5; t--)
        {
            if (!v.IsWord(t) || v.IsLowerWord(t) && SpeechVocabulary.IsClauseBoundary(v.Word(t)))
            {
                return false;
            }
            if (v.IsLowerWord(t) && SpeechVocabulary.IsPreposition(v.Word(t)))
            {
                return true;
            }
            if (v.IsLowerWord(t) && v.CueAt(t) != CueKind.None)
            {
                return false;
            }
        }
        return false;
    }

    private bool Compatible(int entity, char sex)
    {
        _genders ??= [];
        if (!_genders.TryGetValue(entity, out var known))
        {
            known = GenderOf(entity);
            _genders[entity] = known;
        }
        return sex == 'U' || known == 'U' || known == sex;
    }

    private char GenderOf(int entity)
    {
        var v = _view;
        foreach (var mention in v.Entities[entity].Mentions)
        {
            if (mention.Span.Field != v.Field)
            {
                continue;
            }
            var first = v.FirstTokenAtOrAfter(mention.Span.Start);
            if (first > 0 && v.IsWord(first - 1))
            {
                var title = v.Word(first - 1).TrimEnd('.');
                if (title.Equals("mr", StringComparison.OrdinalIgnoreCase) || title.Equals("sir", StringComparison.OrdinalIgnoreCase)
                    || title.Equals("lord", StringComparison.OrdinalIgnoreCase))
                {
                    return 'M';
                }
                if (title.Equals("mrs", StringComparison.OrdinalIgnoreCase) || title.Equals("ms", StringComparison.OrdinalIgnoreCase)
                    || title.Equals("miss", StringComparison.OrdinalIgnoreCase) || title.Equals("lady", StringComparison.OrdinalIgnoreCase)
                    || title.Equals("dame", StringComparison.OrdinalIgnoreCase))
                {
                    return 'F';
                }
            }
        }
        var name = v.Entities[entity].Name;
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? FirstNames.SexOf(name.AsSpan(0, space)) : 'U';
    }

    private bool IsPossessivePronoun(int token) =>
        _view.Is(token, "its") || _view.Is(token, "their") || _view.Is(token, "his") || _view.Is(token, "her");

    /// <summary>Who "its", "their", "his" or "her" refers to, as the pronouns it, they, he and she do.</summary>
    private Speaker Possessor(int token)
    {
        var v = _view;
        int entity;
        if (v.Is(token, "his") || v.Is(token, "her"))
        {
            var sex = v.Is(token, "his") ? 'M' : 'F';
            entity = Nearest(token, type => type == EntityType.Person, e => Compatible(e, sex), ungoverned: true);
        }
        else
        {
            entity = Nearest(token, type => type == EntityType.Organization, _ => true, ungoverned: true);
            if (entity < 0)
            {
                entity = Nearest(token, type => type == EntityType.Organization, _ => true);
            }
        }
        return entity >= 0 ? new Speaker(SpeakerKind.Named, entity, -1, -1) : Unnamed();
    }

    private static bool IsPronoun(ReadOnlySpan<char> word) =>
        word.Equals("he", StringComparison.OrdinalIgnoreCase) || word.Equals("she", StringComparison.OrdinalIgnoreCase)
        || word.Equals("it", StringComparison.OrdinalIgnoreCase) || word.Equals("they", StringComparison.OrdinalIgnoreCase);

    /// <summary>A token that can be part of a speaker's noun phrase.</summary>
    private bool IsPhraseToken(int t, bool allowPrepositions)
    {
        var v = _view;
        if (v.MentionOf[t] >= 0)
        {
            return true;
        }
        if (v.InQuote(t))
        {
            return false;
        }
        if (v.Is(t, "'s") || v.Is(t, "’s") || v.IsPunctuation(t, '-'))
        {
            return true;
        }
        if (v.Tokens[t].Kind == Tokenization.TokenKind.Number)
        {
            return true;
        }
        if (!v.IsWord(t))
        {
            return false;
        }
        if (!v.IsLowerWord(t))
        {
            return !(v.Is(t, "According") || v.CueAt(t) == CueKind.Verb && v.Word(t).Length > 0
                && char.IsUpper(v.Text[v.Tokens[t].Start]) && t == v.SentenceStart(t));
        }
        var word = v.Word(t);
        if (SpeechVocabulary.IsClauseBoundary(word) || SpeechVocabulary.IsBlocking(word) || v.CueAt(t) != CueKind.None
            && v.NounAt(t) == NounClass.None)
        {
            return false;
        }
        return allowPrepositions || !SpeechVocabulary.IsPreposition(word);
    }
}
