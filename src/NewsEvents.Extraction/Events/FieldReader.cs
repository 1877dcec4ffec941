using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Sentiment;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Events;

/// <summary>Reads the events of one field (title or body) of an article; one instance per field and call.</summary>
internal sealed class FieldReader
{
    /// <summary>How far (in tokens) a subject is looked for to the left of its verb, and an object to the right.</summary>
    private const int SubjectReach = 30;

    private const int ObjectReach = 15;

    private readonly AnalyzedField _field;
    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly IReadOnlyList<ExtractedEntity> _entities;
    private readonly EventCueLexicon _lexicon;
    private readonly ToneScorer _tone;

    /// <summary>Per token: the entity whose mention covers it (-1 for none), and that mention's first and end token.</summary>
    private readonly int[] _entityAt;
    private readonly int[] _mentionStart;
    private readonly int[] _mentionEnd;
    /// <summary>Per token: its word classes, read when first needed (most sentences have no cue and need none).</summary>
    private readonly WordClass[] _classes;

    private const WordClass Unread = (WordClass)(1 << 30);

    /// <summary>Per token: the cue match of the current sentence that covers it (-1 for none).</summary>
    private readonly int[] _cueAt;
    private bool[]? _inQuote;

    public FieldReader(AnalyzedField field, IReadOnlyList<ExtractedEntity> entities, EventCueLexicon lexicon, ToneScorer tone)
    {
        _field = field;
        _text = field.Text;
        _tokens = field.Tokens;
        _entities = entities;
        _lexicon = lexicon;
        _tone = tone;
        var count = _tokens.Count;
        _entityAt = new int[count];
        _mentionStart = new int[count];
        _mentionEnd = new int[count];
        _cueAt = new int[count];
        _classes = new WordClass[count];
        Array.Fill(_entityAt, -1);
        Array.Fill(_cueAt, -1);
        Array.Fill(_classes, Unread);
        MapMentions();
    }

    /// <summary>The place in a dateline opening the field ("KYIV, Sept 5 (Reuters) -"), as an entity index.</summary>
    public int? DatelineLocation()
    {
        if (_field.Sentences.Count == 0)
        {
            return null;
        }
        var first = _field.Sentences[0];
        var end = Math.Min(first.TokenEnd, first.TokenStart + 8);
        for (var i = first.TokenStart; i < end; i++)
        {
            var token = _tokens[i];
            if (token.Kind == TokenKind.Punctuation && _text[token.Start] is ',' or '(' or '-' or '—' or '–')
            {
                // Everything before the mark is an upper-case place name.
                for (var j = first.TokenStart; j < i; j++)
                {
                    if (_entityAt[j] >= 0 && _entities[_entityAt[j]].Type == EntityType.Location && IsUpperCase(j))
                    {
                        return _entityAt[j];
                    }
                }
                return null;
            }
            if (token.Kind != TokenKind.Word || !IsUpperCase(i))
            {
                return null;
            }
        }
        return null;
    }

    public void Read(List<ExtractedEvent> drafts, DateOnly? published, int? dateline)
    {
        var sentences = _field.Sentences;
        var headline = _field.Field == TextField.Title ? HeadlineAttribution() : null;
        var matches = new List<CueMatch>();
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            matches.Clear();
            FindCues(sentence.TokenStart, sentence.TokenEnd, matches);
            if (matches.Count == 0)
            {
                continue;
            }
            var previousStart = s > 0 ? sentences[s - 1].TokenStart : sentence.TokenStart;
            var context = new SentenceContext(sentence.TokenStart, sentence.TokenEnd, previousStart, matches);
            context.Frames = FindFrames(context, headline);
            ReadSentence(context, drafts, published, dateline);
            foreach (var match in matches)
            {
                for (var i = match.Start; i < match.End; i++)
                {
                    _cueAt[i] = -1;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cues

    private void FindCues(int from, int to, List<CueMatch> matches)
    {
        for (var i = from; i < to; i++)
        {
            if (_tokens[i].Kind != TokenKind.Word || _entityAt[i] >= 0)
            {
                continue;
            }
            var candidates = _lexicon.Candidates(_tokens[i].AsSpan(_text));
            foreach (var (rule, form) in candidates)
            {
                if (rule.Kind == CueKind.Verb ? !IsVerbContext(i, from, form) : !IsNounContext(i, from))
                {
                    continue;
                }
                if (_field.Field == TextField.Body && i > from && char.IsUpper(_text[_tokens[i].Start]) && !IsUpperCase(i))
                {
                    break; // a capital inside a sentence of the body makes it a name or a title: "a report, Paying the Price"
                }
                var end = MatchPattern(rule, 1, i + 1, to);
                if (end < 0 || rule.ObjectClass is not null && !HasObject(rule, i, end, from, to)
                    || rule.ExcludedBefore is not null && HasWordOf(rule.ExcludedBefore, Math.Max(from, i - 1), Math.Min(to, end + 3))
                    || rule.ExcludedInSentence is not null && HasWordOf(rule.ExcludedInSentence, from, to)
                    || end < to && IsReflexive(end)
                    || rule.Kind == CueKind.Verb && form is VerbForm.Base or VerbForm.ThirdPerson && rule.Pattern.Count == 1
                        && end < to && (IsWord(end, "for") || IsWord(end, "of")))
                {
                    continue; // "killed himself"; "demand for oil", "visit of the Pope" are nouns
                }
                var index = matches.Count;
                matches.Add(new CueMatch(i, end, rule, form));
                for (var j = i; j < end; j++)
                {
                    _cueAt[j] = index;
                }
                i = end - 1;
                break;
            }
        }
    }

    /// <summary>The end of the match of <paramref name="rule"/>'s pattern from element <paramref name="element"/> at token <paramref name="i"/>, or -1.</summary>
    private int MatchPattern(CueRule rule, int element, int i, int to)
    {
        if (element == rule.Pattern.Count)
        {
            return i;
        }
        var words = rule.Pattern[element];
        if (words.Count == 0)
        {
            for (var gap = 0; gap <= EventCueLexicon.MaxGap && i + gap <= to; gap++)
            {
                if (gap > 0 && (_tokens[i + gap - 1].Kind != TokenKind.Word || IsBoundaryWord(i + gap - 1)))
                {
                    break;
                }
                var end = MatchPattern(rule, element + 1, i + gap, to);
                if (end >= 0)
                {
                    return end;
                }
            }
            return -1;
        }
        return i < to && _tokens[i].Kind == TokenKind.Word && Contains(words, i) ? MatchPattern(rule, element + 1, i + 1, to) : -1;
    }

    /// <summary>
    /// Whether a verb cue stands where a verb can: not after a determiner or a preposition (that is the noun: "the
    /// attack", "of supply"), and its base and -s forms only after a subject, an auxiliary, "to" or a conjunction.
    /// </summary>
    private bool IsVerbContext(int i, int from, VerbForm form)
    {
        var previous = SkipBack(i - 1, from, WordClass.Adverb | WordClass.Negator | WordClass.PlannedModifier | WordClass.AllegedModifier);
        if (previous < from)
        {
            return true;
        }
        var c = Class(previous);
        if (IsPossessiveClitic(previous))
        {
            return false; // "Kim's planned meeting"
        }
        var isTo = IsWord(previous, "to");
        if ((c & (WordClass.Determiner | WordClass.Possessive)) != 0 && (c & WordClass.ClauseStart) == 0)
        {
            return false;
        }
        if ((c & WordClass.Preposition) != 0 && !isTo)
        {
            return form == VerbForm.Gerund; // "by attacking", "after meeting"
        }
        if (form == VerbForm.Gerund && i + 1 < _tokens.Count && (Class(i + 1) & WordClass.GerundCompound) != 0)
        {
            return false; // "the negotiating team"
        }
        if (form is VerbForm.Past or VerbForm.Gerund)
        {
            return true;
        }
        if (isTo || (c & (WordClass.Modal | WordClass.Do | WordClass.Pronoun | WordClass.Coordinator | WordClass.ClauseStart)) != 0
            || _entityAt[previous] >= 0 && GoverningWord(_mentionStart[previous], from) is null && !IsModifier(_mentionStart[previous], from)
            || IsPunctuation(previous, ','))
        {
            return true;
        }
        // Headlines use the present tense after a plural noun: "Rebels attack convoy".
        return _field.Field == TextField.Title && IsLowerPlural(previous);
    }

    private WordClass Class(int i)
    {
        var classes = _classes[i];
        if (classes == Unread)
        {
            _classes[i] = classes = _tokens[i].Kind == TokenKind.Word ? WordClasses.Of(_tokens[i].AsSpan(_text)) : WordClass.None;
        }
        return classes;
    }

    private bool IsReflexive(int j) =>
        IsWord(j, "himself") || IsWord(j, "herself") || IsWord(j, "themselves") || IsWord(j, "itself") || IsWord(j, "myself");

    /// <summary>A name after an article modifies a noun: "a Canadian demand", "the US offer".</summary>
    private bool IsModifier(int mentionStart, int from) =>
        mentionStart > from && (IsWord(mentionStart - 1, "a") || IsWord(mentionStart - 1, "an") || IsWord(mentionStart - 1, "the"))
        && _entities[_entityAt[mentionStart]].Type is EntityType.Other or EntityType.Group;

    /// <summary>A noun cue is not a verb's base form after "to", a modal or a pronoun ("to attack", "they attack").</summary>
    private bool IsNounContext(int i, int from)
    {
        var previous = i - 1;
        return previous < from || !IsWord(previous, "to") && (Class(previous) & (WordClass.Modal | WordClass.Pronoun)) == 0;
    }

    /// <summary>Whether a word of the cue's object class follows it in its clause (or, for a noun, just precedes it).</summary>
    private bool HasObject(CueRule rule, int start, int end, int from, int to)
    {
        if (HasWordOf(rule.ObjectClass!, start, end))
        {
            return true; // "supply weapons" matched by a pattern word itself
        }
        for (var j = end; j < to && j < end + 8; j++)
        {
            if (IsClauseEnd(j))
            {
                break;
            }
            if (_tokens[j].Kind == TokenKind.Word && Contains(rule.ObjectClass!, j))
            {
                return true;
            }
        }
        return rule.Kind == CueKind.Noun && HasWordOf(rule.ObjectClass!, Math.Max(from, start - 2), start);
    }

    private bool HasWordOf(IReadOnlySet<string> words, int from, int to)
    {
        for (var j = from; j < to; j++)
        {
            if (_tokens[j].Kind == TokenKind.Word && Contains(words, j))
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events of a sentence

    private void ReadSentence(SentenceContext context, List<ExtractedEvent> drafts, DateOnly? published, int? dateline)
    {
        List<TemporalMention>? times = null;
        ToneCounts? sentenceTone = null;
        var seen = new HashSet<(string, int?, int?)>();
        for (var m = 0; m < context.Matches.Count; m++)
        {
            var match = context.Matches[m];
            var roles = ReadRoles(context, m);
            context.Matches[m] = match with { Actor = roles.Actor, Aux = roles.Aux };
            if (roles.Actor is null && roles.Target is null
                || roles.Actor is null && !(roles.Passive && KeepsWithoutActor(match.Rule.Type))
                || match.Rule.Flags.HasFlag(CueFlags.NeedsTarget) && roles.Target is null)
            {
                continue;
            }
            // A speaker's threat is as real as the saying of it: "they will pay" is planned, the warning is not.
            var modality = ModalityOf(context, match, match.Rule.Flags.HasFlag(CueFlags.Speaker) ? Aux.None : roles.Aux);
            if (!seen.Add((match.Rule.Type.Code, roles.Actor, roles.Target)))
            {
                continue; // the same event read twice from one sentence
            }

            times ??= TemporalExpressions.Find(_text, _tokens, context.From, context.To);
            var date = NearestTime(times, match)?.Resolve(published, modality == Modality.Planned);
            var location = roles.Location ?? LocationInSentence(context, match) ?? dateline;
            sentenceTone ??= _tone.Count(_text, _tokens, context.From, context.To, _field.Names);

            var confidence = 0.3;
            confidence += match.Rule.Pattern.Count > 1 || match.Rule.ObjectClass is not null ? 0.15 : 0;
            confidence += roles.Actor is null ? 0 : roles.ActorIsDirect ? 0.2 : 0.1;
            confidence += roles.Target is null ? 0 : 0.15;
            confidence += date is not null || roles.Location is not null ? 0.05 : 0;

            var sentenceStart = _tokens[context.From].Start;
            var sentenceEnd = _tokens[context.To - 1].End;
            drafts.Add(new ExtractedEvent(
                match.Rule.Type,
                roles.Actor,
                roles.Target,
                location,
                date,
                modality,
                new TextSpan(_field.Field, sentenceStart, sentenceEnd),
                _text[sentenceStart..sentenceEnd],
                _text[_tokens[match.Start].Start.._tokens[match.End - 1].End],
                confidence,
                sentenceTone.Value.Tone));
        }
    }

    /// <summary>"Kim was arrested", "the pipeline was bombed": events whose victim matters even when the perpetrator is not named.</summary>
    private static bool KeepsWithoutActor(EventType type) => type.Code[..2] is "11" or "17" or "18" or "19" or "20";

    private Roles ReadRoles(SentenceContext context, int m)
    {
        var match = context.Matches[m];
        var rule = match.Rule;
        var objects = ObjectsAfter(context, match);
        var roles = new Roles();
        int? targetCandidate = null;
        int? fromParty = null;
        int? byParty = null;
        foreach (var (entity, preposition) in objects)
        {
            if (preposition is null || IsTargetPreposition(preposition) || preposition == "of" && rule.Kind == CueKind.Noun)
            {
                targetCandidate ??= entity;
            }
            if (preposition == "from")
            {
                fromParty ??= entity;
            }
            if (preposition == "by")
            {
                byParty ??= entity;
            }
            if (preposition is not null && IsLocationPreposition(preposition) && _entities[entity].Type == EntityType.Location)
            {
                roles.Location ??= entity;
            }
        }

        if (rule.Kind == CueKind.Noun)
        {
            var between = Between(context, match);
            roles.Actor = NounActor(context, match, out roles.ActorIsDirect) ?? byParty ?? between.First;
            roles.Target = between.First is not null && roles.Actor == between.First ? between.Second : targetCandidate;
            roles.Aux = NounModifiers(context, match);
        }
        else
        {
            var subject = SubjectOf(context, m);
            roles.Aux = subject.Inherited is { } from ? context.Matches[from].Aux | AuxBefore(context, match) : AuxBefore(context, match);
            if (rule.Flags.HasFlag(CueFlags.Converse))
            {
                roles.Actor = fromParty;
                roles.ActorIsDirect = true;
                roles.Target = subject.Entity;
            }
            else if (rule.Flags.HasFlag(CueFlags.Speaker))
            {
                roles.Actor = context.SpeakerFor(match);
                roles.ActorIsDirect = true;
                roles.Target = subject.Entity;
            }
            else if (IsPassive(context, match))
            {
                roles.Passive = true;
                roles.Actor = byParty;
                roles.ActorIsDirect = true;
                roles.Target = subject.Entity;
            }
            else
            {
                roles.Actor = subject.Entity;
                roles.ActorIsDirect = subject.Direct;
                roles.Target = targetCandidate;
                if (subject.MentionEnd is { } end)
                {
                    roles.Aux |= AuxAfterSubject(end, match.Start); // "Kim will go to Russia and meet Putin"
                }
                if (roles.Target is null && rule.Flags.HasFlag(CueFlags.Mutual) && subject.CoordinatedWith is { } first)
                {
                    // "Russia and China signed an agreement": the first acts, the second is the target.
                    roles.Target = roles.Actor;
                    roles.Actor = first;
                }
            }
        }
        if (roles.Target == roles.Actor)
        {
            roles.Target = null;
        }
        return roles;
    }

    /// <summary>
    /// The entity acting as the cue's subject: the nearest entity to its left in the same clause that is not inside a
    /// prepositional phrase or the object of another event verb; a subject pronoun resolved to the nearest fitting
    /// entity before it; or, across "and" or a comma, the subject of a coordinated event verb ("met Kim and signed").
    /// </summary>
    private Subject SubjectOf(SentenceContext context, int m)
    {
        var match = context.Matches[m];
        if (match.Form == VerbForm.Gerund && (OpensClause(match.Start, context.From) || FollowsNoun(match.Start, context.From)))
        {
            // "…, and providing weapons to Russia would …": a gerund without a subject; "the law banning the sale":
            // the noun before it is its subject, and no entity further left.
            return default;
        }
        var crossedCoordination = false;
        var limit = Math.Max(context.From, match.Start - SubjectReach);
        for (var j = match.Start - 1; j >= limit; j--)
        {
            var token = _tokens[j];
            if (token.Kind == TokenKind.Punctuation)
            {
                var c = _text[token.Start];
                if (c == ',')
                {
                    crossedCoordination = true;
                    continue;
                }
                if (c is ';' or ':' or '(' or ')' or '"' or '“' or '”' or '«' or '»' or '—' or '–' or '‘' or '’' or '\'')
                {
                    return default;
                }
                continue;
            }
            if (_entityAt[j] >= 0)
            {
                var start = _mentionStart[j];
                var entity = _entityAt[j];
                if (IsParticipant(j) && GoverningWord(start, context.From) is null)
                {
                    return new Subject(entity, true, null, CoordinatedBefore(start, context.From)) { MentionEnd = _mentionEnd[j] };
                }
                j = start;
                continue;
            }
            if (_cueAt[j] >= 0 && _cueAt[j] != m)
            {
                var other = _cueAt[j];
                if (crossedCoordination && other < m && context.Matches[other].Actor is { } shared)
                {
                    return new Subject(shared, false, other, null);
                }
                j = context.Matches[other].Start;
                continue;
            }
            var classes = Class(j);
            if ((classes & (WordClass.ReportVerb | WordClass.AllegeVerb | WordClass.DenyVerb)) != 0 && !IsSubjectNoun(j))
            {
                return default; // "X said [an order … was signed]": the subject lies after the attribution
            }
            if ((classes & WordClass.ClauseStart) != 0)
            {
                // "X, who/which ..." takes X; "that", "because" and the rest start a clause whose subject lies after them.
                if (IsWord(j, "who") || IsWord(j, "which"))
                {
                    var antecedent = SkipBack(j - 1, context.From, WordClass.None, commas: true);
                    if (antecedent >= context.From && _entityAt[antecedent] >= 0 && IsParticipant(antecedent))
                    {
                        return new Subject(_entityAt[antecedent], true, null, null);
                    }
                }
                return default;
            }
            if ((classes & WordClass.Pronoun) != 0)
            {
                // A threat's target is not its speaker: look only after the attribution ("Sullivan stated that … they will pay").
                var notBefore = match.Rule.Flags.HasFlag(CueFlags.Speaker) && context.FrameBefore(match.Start) is { } frame ? frame.Token + 1 : 0;
                return IsSubjectPronounOf(j, match.Start) && ResolvePronoun(j, context, notBefore) is { } resolved
                    ? new Subject(resolved, false, null, null)
                    : default;
            }
            if ((classes & WordClass.Coordinator) != 0)
            {
                crossedCoordination = true;
            }
        }
        return default;
    }

    /// <summary>An attribution word used as a noun ("the reports", "a statement") rather than as the verb of a clause.</summary>
    private bool IsSubjectNoun(int j) =>
        j > 0 && (Class(j - 1) & (WordClass.Determiner | WordClass.Possessive | WordClass.Preposition)) != 0 && !IsWord(j - 1, "that");

    /// <summary>Whether a lower-case noun-like word (no auxiliary, adverb, cue or other closed-class word) comes right before.</summary>
    private bool FollowsNoun(int i, int from)
    {
        var previous = i - 1;
        return previous >= from && _tokens[previous].Kind == TokenKind.Word && _entityAt[previous] < 0 && _cueAt[previous] < 0
            && IsLower(previous) && Class(previous) == WordClass.None && !IsLowerAdverb(previous);
    }

    /// <summary>Whether the word at <paramref name="i"/> starts a clause: after a sentence start, a comma, a conjunction or a complementiser.</summary>
    private bool OpensClause(int i, int from)
    {
        var previous = SkipBack(i - 1, from, WordClass.Adverb);
        return previous < from || _tokens[previous].Kind == TokenKind.Punctuation
            || (Class(previous) & (WordClass.Coordinator | WordClass.ClauseStart)) != 0;
    }

    /// <summary>For "X and Y" ending at <paramref name="mentionStart"/>: X, when it too stands outside any phrase.</summary>
    private int? CoordinatedBefore(int mentionStart, int from)
    {
        var and = mentionStart - 1;
        if (and <= from || !IsWord(and, "and") || _entityAt[and - 1] < 0 || !IsParticipant(and - 1))
        {
            return null;
        }
        return GoverningWord(_mentionStart[and - 1], from) is null ? _entityAt[and - 1] : null;
    }

    /// <summary>The entities after the cue in its clause, each with the preposition that governs it (null for an object).</summary>
    private List<(int Entity, string? Preposition)> ObjectsAfter(SentenceContext context, CueMatch match)
    {
        var found = new List<(int, string?)>();
        var limit = Math.Min(context.To, match.End + ObjectReach);
        for (var j = match.End; j < limit; j++)
        {
            if (IsClauseEnd(j) || (Class(j) & WordClass.Pronoun) != 0 && !IsWord(j, "him") && !IsWord(j, "them") && !IsWord(j, "us"))
            {
                break;
            }
            if (_entityAt[j] < 0)
            {
                continue;
            }
            var start = _mentionStart[j];
            if (IsParticipant(j))
            {
                var governor = GoverningWord(start, match.End);
                if (governor is { } g && (Class(g) & WordClass.Preposition) != 0)
                {
                    found.Add((_entityAt[j], _tokens[g].GetText(_text).ToLowerInvariant()));
                }
                else if (governor is null && match.Rule.Kind == CueKind.Verb && start - match.End <= 3)
                {
                    found.Add((_entityAt[j], null)); // a verb's object: "met Kim", "warned the North Korean government"
                }
            }
            j = _mentionEnd[j] - 1;
        }
        return found;
    }

    /// <summary>"talks between X and Y": X and Y.</summary>
    private (int? First, int? Second) Between(SentenceContext context, CueMatch match)
    {
        var j = match.End;
        if (match.End - match.Start > 1 && IsWord(match.End - 1, "between"))
        {
            j = match.End - 1;
        }
        if (j >= context.To || !IsWord(j, "between"))
        {
            return (null, null);
        }
        int? first = null;
        for (var k = j + 1; k < context.To && k < j + 12; k++)
        {
            if (IsClauseEnd(k) && !IsWord(k, "and"))
            {
                break;
            }
            if (_entityAt[k] >= 0 && IsParticipant(k))
            {
                if (first is null)
                {
                    first = _entityAt[k];
                }
                else if (_entityAt[k] != first)
                {
                    return (first, _entityAt[k]);
                }
                k = _mentionEnd[k] - 1;
            }
        }
        return (first, null);
    }

    /// <summary>The actor of a noun cue: "Pyongyang's supply", "Kim Jong-un's planned meeting", "US sanctions", "its invasion".</summary>
    private int? NounActor(SentenceContext context, CueMatch match, out bool direct)
    {
        direct = true;
        var j = match.Start - 1;
        for (var steps = 0; j >= context.From && steps < 4; steps++, j--)
        {
            var token = _tokens[j];
            if (token.Kind != TokenKind.Word)
            {
                return null;
            }
            if (IsPossessiveClitic(j))
            {
                var owner = j - 1;
                return owner >= context.From && _entityAt[owner] >= 0 && IsParticipant(owner) ? _entityAt[owner] : null;
            }
            if (_entityAt[j] >= 0)
            {
                var modifier = _entities[_entityAt[j]];
                if (!IsParticipant(j) || modifier.Kind is LocationKind.City or LocationKind.Region
                    || modifier.Type == EntityType.Location && match.Rule.Type.Code.StartsWith("04", StringComparison.Ordinal))
                {
                    return null; // "the Venice summit": where, not who
                }
                return _entityAt[j];
            }
            var classes = Class(j);
            if ((classes & WordClass.Possessive) != 0)
            {
                direct = false;
                return ResolvePronoun(j, context);
            }
            if (classes != WordClass.None && (classes & (WordClass.PlannedModifier | WordClass.AllegedModifier | WordClass.Adverb)) == 0
                || _cueAt[j] >= 0 || !IsLower(j))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>What the words before a noun cue say of it: "planned meeting", "alleged attack", "no talks".</summary>
    private Aux NounModifiers(SentenceContext context, CueMatch match)
    {
        var aux = Aux.None;
        for (var j = match.Start - 1; j >= context.From && j >= match.Start - 3; j--)
        {
            var classes = Class(j);
            if ((classes & WordClass.PlannedModifier) != 0)
            {
                aux |= Aux.Planned;
            }
            else if ((classes & WordClass.AllegedModifier) != 0)
            {
                aux |= Aux.Alleged;
            }
            else if (IsWord(j, "no"))
            {
                aux |= Aux.Negated;
            }
            if (_tokens[j].Kind != TokenKind.Word || _entityAt[j] >= 0 || IsPossessiveClitic(j))
            {
                break;
            }
        }
        return aux;
    }

    /// <summary>
    /// What the verb group before a verb cue says of it: a modal ("will meet") or "to" ("plans to meet", "Kim to meet")
    /// makes it planned; a negator ("did not attack", "never met") or a negative governor ("failed to", "refused to")
    /// negated; a factual governor ("managed to", "began to") neither.
    /// </summary>
    private Aux AuxBefore(SentenceContext context, CueMatch match)
    {
        var aux = Aux.None;
        for (var j = match.Start - 1; j >= context.From && j >= match.Start - 6; j--)
        {
            var classes = Class(j);
            if (_tokens[j].Kind != TokenKind.Word || _entityAt[j] >= 0)
            {
                break;
            }
            if ((classes & WordClass.Negator) != 0 && !IsWord(j, "no"))
            {
                if (!(IsWord(j, "not") && j + 1 < _tokens.Count && IsWord(j + 1, "only")))
                {
                    aux |= Aux.Negated;
                }
                continue;
            }
            if ((classes & WordClass.Modal) != 0)
            {
                aux |= Aux.Planned;
                continue;
            }
            if (IsWord(j, "to"))
            {
                var governor = j - 1;
                var governorClasses = governor >= context.From ? Class(governor) : WordClass.None;
                if ((governorClasses & WordClass.NegativeGovernor) != 0)
                {
                    aux |= Aux.Negated;
                }
                else if ((governorClasses & WordClass.FactualGovernor) == 0)
                {
                    aux |= Aux.Planned;
                }
                if (governor >= context.From && (governorClasses & (WordClass.NegativeGovernor | WordClass.FactualGovernor | WordClass.PlanGovernor)) != 0)
                {
                    j--; // the governor is read; go on to its own auxiliaries ("did not manage to")
                }
                continue;
            }
            if ((classes & (WordClass.Be | WordClass.Have | WordClass.Do | WordClass.Adverb | WordClass.PlanGovernor)) != 0 || IsLowerAdverb(j))
            {
                continue;
            }
            break;
        }
        return aux;
    }

    /// <summary>The auxiliaries right after a subject, which govern every verb coordinated after them.</summary>
    private Aux AuxAfterSubject(int from, int cue)
    {
        var aux = Aux.None;
        for (var j = from; j < cue; j++)
        {
            var classes = Class(j);
            if ((classes & WordClass.Modal) != 0 || IsWord(j, "to"))
            {
                aux |= Aux.Planned;
            }
            else if ((classes & WordClass.Negator) != 0 && !IsWord(j, "no"))
            {
                if (!(IsWord(j, "not") && j + 1 < cue && IsWord(j + 1, "only")))
                {
                    aux |= Aux.Negated;
                }
            }
            else if ((classes & (WordClass.Be | WordClass.Have | WordClass.Do | WordClass.Adverb | WordClass.PlanGovernor)) == 0 && !IsLowerAdverb(j))
            {
                break;
            }
        }
        return aux;
    }

    private bool IsPassive(SentenceContext context, CueMatch match)
    {
        if (match.Form != VerbForm.Past || match.Rule.Kind != CueKind.Verb)
        {
            return false;
        }
        for (var j = match.Start - 1; j >= context.From && j >= match.Start - 3; j--)
        {
            var classes = Class(j);
            if ((classes & WordClass.Be) != 0 || IsWord(j, "got"))
            {
                return true;
            }
            if ((classes & (WordClass.Adverb | WordClass.Negator)) == 0 && !IsLowerAdverb(j))
            {
                return false;
            }
        }
        return false;
    }

    private Modality ModalityOf(SentenceContext context, CueMatch match, Aux aux)
    {
        var frame = context.FrameBefore(match.Start) ?? context.FrameAfter(match.End) ?? context.SentenceFrame;
        if (frame?.Modality == Modality.Denied)
        {
            return Modality.Denied;
        }
        if ((aux & Aux.Negated) != 0)
        {
            return Modality.Negated;
        }
        if ((aux & Aux.Planned) != 0)
        {
            return Modality.Planned;
        }
        if ((aux & Aux.Alleged) != 0 || frame?.Modality == Modality.Alleged)
        {
            return Modality.Alleged;
        }
        if (frame is not null || IsInQuote(match.Start))
        {
            return Modality.Reported;
        }
        return Modality.Asserted;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Frames: who says it, and how

    /// <summary>The attributions of a sentence: "X said (that)", ", X said.", "according to X", "reports that", "allegedly".</summary>
    private List<Frame> FindFrames(SentenceContext context, Frame? headline)
    {
        var frames = new List<Frame>();
        for (var j = context.From; j < context.To; j++)
        {
            var classes = Class(j);
            if (_entityAt[j] >= 0 || _tokens[j].Kind != TokenKind.Word)
            {
                continue;
            }
            if (IsWord(j, "according") && j + 1 < context.To && IsWord(j + 1, "to"))
            {
                context.SentenceFrame ??= new Frame(j, Modality.Reported, FirstParticipantAfter(j + 2, context), FrameScope.Sentence);
                continue;
            }
            if ((classes & WordClass.ClaimAdverb) != 0)
            {
                context.SentenceFrame = new Frame(j, Modality.Alleged, null, FrameScope.Sentence);
                continue;
            }
            if (classes == WordClass.None)
            {
                continue;
            }
            var isVerb = (classes & (WordClass.ReportVerb | WordClass.AllegeVerb | WordClass.DenyVerb)) != 0;
            var nounReading = j > context.From && (Class(j - 1) & (WordClass.Determiner | WordClass.Preposition | WordClass.Possessive)) != 0
                && !IsWord(j - 1, "that");
            if (isVerb && (classes & WordClass.ClaimNoun) != 0 && !nounReading)
            {
                // "reports", "claims": a verb after its subject or an auxiliary, a noun elsewhere ("there were reports that").
                var previous = j - 1;
                nounReading = previous < context.From
                    || _entityAt[previous] < 0 && (Class(previous) & (WordClass.Pronoun | WordClass.Modal | WordClass.Do | WordClass.Coordinator)) == 0
                    && !IsWord(previous, "to") && !IsLowerPlural(previous);
            }
            if ((classes & WordClass.ClaimNoun) != 0 && (nounReading || !isVerb))
            {
                // "reports that", "allegations of", "claims about"
                if (j + 1 < context.To && (IsWord(j + 1, "that") || IsWord(j + 1, "of") || IsWord(j + 1, "about")))
                {
                    frames.Add(new Frame(j, Modality.Alleged, null, FrameScope.After));
                }
                continue;
            }
            if (!isVerb || nounReading)
            {
                continue;
            }
            var modality = (classes & WordClass.DenyVerb) != 0 ? Modality.Denied
                : (classes & WordClass.AllegeVerb) != 0 ? Modality.Alleged
                : Modality.Reported;
            if (context.Matches.Any(match => match.Start < j) && IsInvertedAttribution(j, context))
            {
                frames.Add(new Frame(j, modality, SpeakerAround(j, context), FrameScope.Before));
            }
            else
            {
                frames.Add(new Frame(j, modality, SpeakerBefore(j, context), FrameScope.After));
            }
        }
        if (headline is not null && context.SentenceFrame is null)
        {
            context.SentenceFrame = headline;
        }
        return frames;
    }

    /// <summary>", said X." or ", X said." closing a sentence: the attribution of what came before it.</summary>
    private bool IsInvertedAttribution(int verb, SentenceContext context)
    {
        if (verb + 1 < context.To && IsWord(verb + 1, "that") || context.To - verb > 12)
        {
            return false;
        }
        for (var j = verb - 1; j >= context.From && j >= verb - 8; j--)
        {
            if (_tokens[j].Kind == TokenKind.Punctuation)
            {
                return _text[_tokens[j].Start] is ',' or '"' or '”' or '’' or '\'';
            }
        }
        return false;
    }

    /// <summary>The speaker of an attribution that opens a clause: "US National Security Advisor Jake Sullivan stated".</summary>
    private int? SpeakerBefore(int verb, SentenceContext context)
    {
        for (var j = verb - 1; j >= context.From && j >= verb - 12; j--)
        {
            if (_entityAt[j] >= 0)
            {
                if (IsParticipant(j) && GoverningWord(_mentionStart[j], context.From) is null)
                {
                    return _entityAt[j];
                }
                j = _mentionStart[j];
                continue;
            }
            if (_tokens[j].Kind == TokenKind.Punctuation && _text[_tokens[j].Start] is not ',' || (Class(j) & WordClass.ClauseStart) != 0)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>The speaker of ", said X" (a person first) or ", X said".</summary>
    private int? SpeakerAround(int verb, SentenceContext context)
    {
        int? after = null;
        for (var j = verb + 1; j < context.To && j <= verb + 8; j++)
        {
            if (_tokens[j].Kind == TokenKind.Punctuation)
            {
                break;
            }
            if (_entityAt[j] >= 0 && IsParticipant(j))
            {
                after = _entityAt[j];
                if (_entities[_entityAt[j]].Type == EntityType.Person)
                {
                    break;
                }
                j = _mentionEnd[j] - 1;
            }
        }
        return after ?? SpeakerBefore(verb, context);
    }

    private int? FirstParticipantAfter(int from, SentenceContext context)
    {
        for (var j = from; j < context.To && j < from + 8; j++)
        {
            if (_entityAt[j] >= 0 && IsParticipant(j))
            {
                return _entityAt[j];
            }
        }
        return null;
    }

    /// <summary>A headline's closing attribution: "N. Korea gives weapons to Russia: US".</summary>
    private Frame? HeadlineAttribution()
    {
        for (var j = _tokens.Count - 1; j >= 0 && j >= _tokens.Count - 6; j--)
        {
            if (_tokens[j].Kind == TokenKind.Punctuation && _text[_tokens[j].Start] is ':' or '-' or '—' or '–')
            {
                for (var k = j + 1; k < _tokens.Count; k++)
                {
                    if (_entityAt[k] >= 0 && IsParticipant(k))
                    {
                        return new Frame(j, Modality.Reported, _entityAt[k], FrameScope.Sentence);
                    }
                }
                return null;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Where and when

    private int? LocationInSentence(SentenceContext context, CueMatch match)
    {
        int? best = null;
        var bestDistance = int.MaxValue;
        for (var j = context.From; j < context.To; j++)
        {
            if (_entityAt[j] < 0)
            {
                continue;
            }
            var start = _mentionStart[j];
            var entity = _entityAt[j];
            j = _mentionEnd[j] - 1;
            if (_entities[entity].Type != EntityType.Location || GoverningWord(start, context.From) is not { } g
                || (Class(g) & WordClass.LocationPreposition) == 0)
            {
                continue;
            }
            var distance = start >= match.End ? start - match.End : 2 * (match.Start - start); // after the cue first
            if (distance < bestDistance)
            {
                best = entity;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static TemporalMention? NearestTime(List<TemporalMention> times, CueMatch match)
    {
        TemporalMention? best = null;
        var bestDistance = int.MaxValue;
        foreach (var time in times)
        {
            var distance = time.TokenStart >= match.End ? time.TokenStart - match.End : match.Start - time.TokenEnd;
            if (distance < bestDistance)
            {
                best = time;
                bestDistance = distance;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /// <summary>
    /// What governs a mention: the preposition before it ("to Russia", "in the Zaporizhia region", "of its Western
    /// allies") or an event verb whose object it is ("met Kim"), skipping determiners and modifiers; null when
    /// nothing does (a subject, or the object of a verb that is no cue).
    /// </summary>
    private int? GoverningWord(int mentionStart, int lowerBound)
    {
        var j = mentionStart - 1;
        var skippedWord = false;
        for (var steps = 0; j >= lowerBound && steps < 4; steps++, j--)
        {
            var token = _tokens[j];
            if (token.Kind == TokenKind.Number)
            {
                continue;
            }
            if (token.Kind != TokenKind.Word || _entityAt[j] >= 0)
            {
                return null;
            }
            if (_cueAt[j] >= 0)
            {
                return j;
            }
            var classes = Class(j);
            if ((classes & WordClass.Preposition) != 0)
            {
                return j;
            }
            if ((classes & (WordClass.Determiner | WordClass.Possessive)) != 0 && !IsWord(j, "that") || IsPossessiveClitic(j))
            {
                continue;
            }
            if (classes == WordClass.None && !IsLower(j) && _tokens[j].Length > 1 && !IsUpperCase(j))
            {
                continue; // a title before a name: "to President Francois Mitterrand"
            }
            if ((classes & WordClass.ClauseStart) != 0 && skippedWord)
            {
                return j; // "which struck southwest Japan": the object of a relative clause's verb
            }
            if (classes != WordClass.None || !IsLower(j))
            {
                return null;
            }
            if (j - 1 >= lowerBound && IsWord(j - 1, "to"))
            {
                return null; // "to liberate X": X is the object of an infinitive
            }
            skippedWord = true;
        }
        return null;
    }

    /// <summary>Resolves "he", "she", "his" to the nearest person before it; "it", "they", "its", "their" to the nearest organisation, place or group.</summary>
    /// <param name="notBefore">Only entities from this token on: a threat's target is not its speaker.</param>
    private int? ResolvePronoun(int pronoun, SentenceContext context, int notBefore = 0)
    {
        var word = _tokens[pronoun].AsSpan(_text);
        var person = word.Equals("he", StringComparison.OrdinalIgnoreCase) || word.Equals("she", StringComparison.OrdinalIgnoreCase)
            || word.Equals("his", StringComparison.OrdinalIgnoreCase) || word.Equals("her", StringComparison.OrdinalIgnoreCase)
            || word.Equals("him", StringComparison.OrdinalIgnoreCase);
        var thing = word.Equals("it", StringComparison.OrdinalIgnoreCase) || word.Equals("its", StringComparison.OrdinalIgnoreCase)
            || word.Equals("they", StringComparison.OrdinalIgnoreCase) || word.Equals("their", StringComparison.OrdinalIgnoreCase)
            || word.Equals("them", StringComparison.OrdinalIgnoreCase);
        if (!person && !thing)
        {
            return null;
        }
        // In the same sentence the nearest fitting entity that is no prepositional object, else the nearest fitting one;
        // in the sentence before, its subject (the first fitting entity outside a prepositional phrase).
        int? nearestGoverned = null;
        var from = Math.Max(context.From, notBefore);
        for (var j = pronoun - 1; j >= from; j--)
        {
            if (_entityAt[j] < 0)
            {
                continue;
            }
            var start = _mentionStart[j];
            if (Fits(j, person))
            {
                if (GoverningWord(start, context.From) is null)
                {
                    return _entityAt[j];
                }
                nearestGoverned ??= _entityAt[j];
            }
            j = start;
        }
        if (nearestGoverned is not null || notBefore > context.From)
        {
            return nearestGoverned;
        }
        for (var j = context.PreviousFrom; j < context.From; j++)
        {
            if (_entityAt[j] >= 0 && Fits(j, person) && GoverningWord(_mentionStart[j], context.PreviousFrom) is null)
            {
                return _entityAt[j];
            }
        }
        return null;
    }

    private bool Fits(int j, bool person)
    {
        if (!IsParticipant(j))
        {
            return false;
        }
        var type = _entities[_entityAt[j]].Type;
        return person ? type == EntityType.Person : type is EntityType.Organization or EntityType.Location or EntityType.Group or EntityType.Other;
    }

    /// <summary>A subject pronoun right before its verb group: "they will pay", "it has attacked".</summary>
    private bool IsSubjectPronounOf(int pronoun, int verb)
    {
        if (verb - pronoun > 5 || IsWord(pronoun, "him") || IsWord(pronoun, "them") || IsWord(pronoun, "us"))
        {
            return false;
        }
        for (var j = pronoun + 1; j < verb; j++)
        {
            if ((Class(j) & (WordClass.Modal | WordClass.Be | WordClass.Have | WordClass.Do | WordClass.Negator | WordClass.Adverb)) == 0
                && !IsWord(j, "to") && !IsLowerAdverb(j))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the entity at token <paramref name="i"/> can act or be acted upon: not a compound modifier ("Russian-occupied", "US-based").</summary>
    private bool IsParticipant(int i)
    {
        var entity = _entities[_entityAt[i]];
        if (entity.Type != EntityType.Other)
        {
            return true;
        }
        for (var j = _mentionStart[i]; j < _mentionEnd[i]; j++)
        {
            var span = _tokens[j].AsSpan(_text);
            var hyphen = span.IndexOf('-');
            if (hyphen > 0 && hyphen + 1 < span.Length && char.IsLower(span[hyphen + 1]))
            {
                return false;
            }
        }
        return true;
    }

    private bool IsClauseEnd(int j)
    {
        var token = _tokens[j];
        if (token.Kind == TokenKind.Punctuation)
        {
            return _text[token.Start] is ',' or ';' or ':' or '.' or '!' or '?' or '"' or '“' or '”' or '(' or ')' or '—' or '–';
        }
        return token.Kind == TokenKind.Word && IsBoundaryWord(j);
    }

    private bool IsBoundaryWord(int j) =>
        (Class(j) & WordClass.ClauseStart) != 0 && !IsWord(j, "that") || IsWord(j, "but")
        || IsWord(j, "that") && j + 1 < _tokens.Count && _tokens[j + 1].Kind == TokenKind.Word
            && (_entityAt[j + 1] >= 0 || (Class(j + 1) & (WordClass.Determiner | WordClass.Pronoun)) != 0);

    private bool IsInQuote(int token)
    {
        if (_inQuote is null)
        {
            _inQuote = new bool[_tokens.Count];
            var open = false;
            for (var i = 0; i < _tokens.Count; i++)
            {
                var t = _tokens[i];
                if (t.Kind == TokenKind.Punctuation && t.Length == 1)
                {
                    var c = _text[t.Start];
                    if (c == '“')
                    {
                        open = true;
                    }
                    else if (c == '”')
                    {
                        open = false;
                    }
                    else if (c == '"')
                    {
                        open = !open;
                    }
                }
                _inQuote[i] = open;
            }
        }
        return _inQuote[token];
    }

    private int SkipBack(int j, int from, WordClass skippable, bool commas = false)
    {
        while (j >= from && (_tokens[j].Kind == TokenKind.Word && ((Class(j) & skippable) != 0 || skippable.HasFlag(WordClass.Adverb) && IsLowerAdverb(j))
            || commas && IsPunctuation(j, ',')))
        {
            j--;
        }
        return j;
    }

    private bool IsLowerAdverb(int j)
    {
        var span = _tokens[j].AsSpan(_text);
        return span.Length > 4 && span.EndsWith("ly", StringComparison.Ordinal) && char.IsLower(span[0]) && _entityAt[j] < 0;
    }

    private bool IsLowerPlural(int j)
    {
        var span = _tokens[j].AsSpan(_text);
        return _tokens[j].Kind == TokenKind.Word && span.Length > 3 && span[^1] == 's' && span[^2] != 's' && char.IsLower(span[0])
            && Class(j) == WordClass.None;
    }

    private bool IsWord(int j, string word) =>
        _tokens[j].Kind == TokenKind.Word && _tokens[j].AsSpan(_text).Equals(word, StringComparison.OrdinalIgnoreCase);

    private bool IsPunctuation(int j, char c) => _tokens[j].Kind == TokenKind.Punctuation && _text[_tokens[j].Start] == c;

    private bool IsPossessiveClitic(int j)
    {
        var span = _tokens[j].AsSpan(_text);
        return span.Length == 2 && span[0] is '\'' or '’' && span[1] is 's' or 'S';
    }

    private bool IsLower(int j) => char.IsLower(_text[_tokens[j].Start]);

    private bool IsUpperCase(int j)
    {
        foreach (var c in _tokens[j].AsSpan(_text))
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsTargetPreposition(string word) =>
        word is "to" or "with" or "against" or "on" or "upon" or "from" or "into" or "onto" or "toward" or "towards";

    private static bool IsLocationPreposition(string word) =>
        word is "in" or "at" or "near" or "outside" or "inside" or "across" or "throughout" or "around";

    private bool Contains(IReadOnlySet<string> words, int j)
    {
        var span = _tokens[j].AsSpan(_text);
        if (span.Length > 24)
        {
            return false;
        }
        Span<char> lower = stackalloc char[span.Length];
        span.ToLowerInvariant(lower);
        return words is System.Collections.Frozen.FrozenSet<string> frozen
            ? frozen.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower)
            : words.Contains(lower.ToString());
    }

    private void MapMentions()
    {
        for (var e = 0; e < _entities.Count; e++)
        {
            foreach (var mention in _entities[e].Mentions)
            {
                if (mention.Span.Field != _field.Field)
                {
                    continue;
                }
                var first = FirstTokenAtOrAfter(mention.Span.Start);
                var end = first;
                while (end < _tokens.Count && _tokens[end].Start < mention.Span.End)
                {
                    end++;
                }
                for (var i = first; i < end; i++)
                {
                    _entityAt[i] = e;
                    _mentionStart[i] = first;
                    _mentionEnd[i] = end;
                }
            }
        }
    }

    private int FirstTokenAtOrAfter(int position)
    {
        int lo = 0, hi = _tokens.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_tokens[mid].End <= position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

/// <summary>A cue found in a sentence: <c>tokens[Start..End]</c>, with the actor read for it once known.</summary>
internal readonly record struct CueMatch(int Start, int End, CueRule Rule, VerbForm Form)
{
    public int? Actor { get; init; }

    public Aux Aux { get; init; }
}

[Flags]
internal enum Aux
{
    None = 0,
    Planned = 1,
    Negated = 2,
    Alleged = 4,
}

internal enum FrameScope
{
    /// <summary>"X said (that) …": what follows.</summary>
    After,

    /// <summary>"…, X said.": what precedes.</summary>
    Before,

    /// <summary>"according to X", "allegedly", a headline's ": US": the whole sentence.</summary>
    Sentence,
}

/// <summary>An attribution in a sentence: where it is, how it presents what it governs, and who speaks.</summary>
internal sealed record Frame(int Token, Modality Modality, int? Speaker, FrameScope Scope);

internal sealed class SentenceContext(int from, int to, int previousFrom, List<CueMatch> matches)
{
    public int From { get; } = from;

    public int To { get; } = to;

    /// <summary>Where the sentence before starts: pronouns are resolved back to there.</summary>
    public int PreviousFrom { get; } = previousFrom;

    public List<CueMatch> Matches { get; } = matches;

    public List<Frame> Frames { get; set; } = [];

    public Frame? SentenceFrame { get; set; }

    /// <summary>The nearest attribution before the cue that governs what follows it.</summary>
    public Frame? FrameBefore(int cueStart) => Frames.LastOrDefault(frame => frame.Scope == FrameScope.After && frame.Token < cueStart);

    /// <summary>Who says what the cue is in: the nearest attribution with a speaker before it, or a closing one after it.</summary>
    public int? SpeakerFor(CueMatch match) =>
        Frames.LastOrDefault(frame => frame.Scope == FrameScope.After && frame.Token < match.Start && frame.Speaker is not null)?.Speaker
        ?? FrameAfter(match.End)?.Speaker ?? SentenceFrame?.Speaker;

    /// <summary>A closing attribution after the cue.</summary>
    public Frame? FrameAfter(int cueEnd) => Frames.FirstOrDefault(frame => frame.Scope == FrameScope.Before && frame.Token >= cueEnd);
}

internal struct Roles
{
    public int? Actor;
    public int? Target;
    public int? Location;
    public bool ActorIsDirect;
    public bool Passive;
    public Aux Aux;
}

/// <param name="Direct">Read from the words (not from a pronoun or a coordinated verb).</param>
/// <param name="Inherited">The match whose subject this shares ("met Kim and signed").</param>
/// <param name="CoordinatedWith">For "X and Y" subjects, X.</param>
internal readonly record struct Subject(int? Entity, bool Direct, int? Inherited, int? CoordinatedWith)
{
    /// <summary>The token after the subject's mention, when the subject was read from the words.</summary>
    public int? MentionEnd { get; init; }
}
