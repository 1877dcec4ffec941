using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Quotes;

/// <summary>The quotes of one field: direct quotes attributed, then reported speech around them.</summary>
internal sealed class FieldQuotes(FieldView view)
{
    /// <summary>Fewer words than this between marks, with nobody saying them, is a scare quote or a term, not a quote.</summary>
    private const int MinUnattributedWords = 4;

    private const int MinReportedWords = 3;

    private readonly FieldView _view = view;
    private readonly SpeakerResolver _resolver = new(view);

    /// <summary>The first attribution (a speech verb with its speaker) of each sentence, for quotes that have none of their own.</summary>
    private readonly Dictionary<int, Attribution> _sentenceAttributions = [];

    private readonly record struct Attribution(Speaker Speaker, string Cue, int CueToken);

    private readonly record struct Reported(int Start, int End, Speaker Speaker, string Cue, int AttributionStart);

    public void Extract(List<ExtractedQuote> output)
    {
        var reported = FindReported();
        var direct = new Attribution?[_view.Quotes.Count];
        for (var q = 0; q < _view.Quotes.Count; q++)
        {
            direct[q] = AttributeDirect(q, direct);
            if (direct[q] is { Speaker.Kind: SpeakerKind.Named } attributed)
            {
                _resolver.SpokeIn(_view.SentenceOf[Math.Min(_view.Quotes[q].CloseToken, _view.Count - 1)], attributed.Speaker.Entity);
            }
        }

        var v = _view;
        for (var q = 0; q < v.Quotes.Count; q++)
        {
            var quote = v.Quotes[q];
            // A few words in marks are a quote when someone named said them ("it will move in a “measured” way");
            // otherwise they are a scare quote, a term or a title.
            var attribution = direct[q];
            var named = attribution?.Speaker.Kind == SpeakerKind.Named;
            var words = v.CountWords(quote.FirstInner, quote.EndInner);
            if (attribution is null && !IsSpeech(quote) || !named && (v.Field == TextField.Title || words < MinUnattributedWords))
            {
                continue;
            }
            var span = quote.Span;
            output.Add(new ExtractedQuote(
                v.Text[span.Start..span.End],
                new TextSpan(v.Field, span.Start, span.End),
                attribution?.Speaker.EntityOrNull,
                attribution?.Cue,
                IsDirect: true));
        }
        foreach (var quote in reported)
        {
            var start = v.Tokens[quote.Start].Start;
            var end = v.Tokens[quote.End - 1].End;
            output.Add(new ExtractedQuote(v.Text[start..end], new TextSpan(v.Field, start, end), quote.Speaker.EntityOrNull, quote.Cue, IsDirect: false));
        }
        if (v.Field == TextField.Title)
        {
            HeadlineSource(output);
        }
    }

    /// <summary>Unattributed words between marks count as a quote when they are long enough and not a title.</summary>
    private bool IsSpeech(DirectQuote quote)
    {
        var v = _view;
        if (v.Field == TextField.Title)
        {
            return false;
        }
        var words = 0;
        var capitalized = 0;
        var punctuated = false;
        for (var t = quote.FirstInner; t < quote.EndInner; t++)
        {
            if (v.IsWord(t))
            {
                words++;
                capitalized += v.IsCapitalized(t) ? 1 : 0;
            }
            else if (v.IsPunctuation(t, '.') || v.IsPunctuation(t, '!') || v.IsPunctuation(t, '?'))
            {
                punctuated = true;
            }
        }
        var titleLike = !punctuated && capitalized * 10 >= words * 6;
        return words >= MinUnattributedWords && !titleLike;
    }

    // ---- Direct quotes ----

    private Attribution? AttributeDirect(int q, Attribution?[] earlier)
    {
        var v = _view;
        var quote = v.Quotes[q];
        var open = quote.OpenToken;
        var close = Math.Min(quote.CloseToken, v.Count - 1);

        var leftStart = v.SentenceStart(open);
        if (q > 0 && v.Quotes[q - 1].CloseToken >= leftStart)
        {
            leftStart = v.Quotes[q - 1].CloseToken + 1;
        }
        var rightStart = quote.CloseToken + 1;
        var rightEnd = v.SentenceEnd(close);
        if (q + 1 < v.Quotes.Count && v.Quotes[q + 1].OpenToken < rightEnd)
        {
            rightEnd = v.Quotes[q + 1].OpenToken;
        }

        // After the quote, right after its mark: `," Sullivan said.` / `," said the official.` / `," the news highlighted.`
        // A verb further on (`," Sullivan, the national security adviser, said.`) counts only when nothing before the
        // quote attributes it: in `Prosecutors said Jaynes was "…", using …, Associated Press reported.` the
        // prosecutors said it.
        Attribution? further = null;
        var r = rightStart;
        while (r < rightEnd && r < rightStart + 2 && (v.IsPunctuation(r, ',') || v.IsPunctuation(r, '—') || v.IsPunctuation(r, '–') || v.IsPunctuation(r, '-')))
        {
            r++;
        }
        if (r < rightEnd)
        {
            if (v.IsLowerWord(r) && v.CueAt(r) == CueKind.Verb)
            {
                var speaker = _resolver.After(r, rightEnd);
                if (speaker.Found && !IntroducesNext(Math.Max(r + 1, speaker.End), q))
                {
                    return new Attribution(speaker, CueText(r), r);
                }
            }
            else if (IsAccordingTo(r, rightEnd))
            {
                var speaker = _resolver.After(r + 1, rightEnd);
                if (speaker.Found)
                {
                    return new Attribution(speaker, "according to", r);
                }
            }
            for (var c = r + 1; c < rightEnd && c <= r + 14; c++)
            {
                if (v.IsLowerWord(c) && v.CueAt(c) == CueKind.Verb)
                {
                    var speaker = _resolver.Before(c, r);
                    if (speaker.Found && !IntroducesNext(c + 1, q))
                    {
                        var attribution = new Attribution(speaker, CueText(c), c);
                        if (c - r <= 4)
                        {
                            return attribution;
                        }
                        further = attribution;
                    }
                    break;
                }
                if (v.IsPunctuation(c) && !v.IsPunctuation(c, ',') && !v.IsPunctuation(c, '-'))
                {
                    break;
                }
            }
        }

        // Before the quote: `Sullivan said: "`, `emphasizing that it had "`, `used the title "`, `Sullivan: "`.
        var leftEnd = open;
        if (leftEnd - 1 >= leftStart && v.IsPunctuation(leftEnd - 1, ':') && leftEnd - 1 > leftStart)
        {
            var named = NameOnly(leftStart, leftEnd - 1);
            if (named >= 0)
            {
                return new Attribution(new Speaker(SpeakerKind.Named, named, leftStart, leftEnd - 1), ":", leftEnd - 1);
            }
        }
        var tries = 0;
        for (var c = leftEnd - 1; c >= leftStart && tries < 2; c--)
        {
            var kind = IsAccordingTo(c, leftEnd) ? CueKind.According : v.IsLowerWord(c) ? v.CueAt(c) : CueKind.None;
            if (kind == CueKind.None)
            {
                continue;
            }
            tries++;
            var speaker = kind switch
            {
                CueKind.According => _resolver.After(c + 1, leftEnd),
                CueKind.Title => _resolver.SubjectOf(leftStart, c),
                CueKind.Participle when c - 1 >= leftStart && v.IsPunctuation(c - 1, ',') => _resolver.SubjectOf(leftStart, c),
                _ => _resolver.Before(c, leftStart),
            };
            if (!speaker.Found && kind is CueKind.Verb or CueKind.Characterization)
            {
                speaker = _resolver.Agent(c, leftEnd);
            }
            if (!speaker.Found && kind is CueKind.Verb && c - 1 >= leftStart && v.IsPunctuation(c - 1, ','))
            {
                speaker = _resolver.After(c, leftEnd);
            }
            if (!speaker.Found && kind is CueKind.Verb or CueKind.Characterization or CueKind.Participle && c - 1 >= leftStart
                && (v.Is(c - 1, "and") || v.Is(c - 1, "but") || v.IsPunctuation(c - 1, ',')))
            {
                speaker = _resolver.SubjectOf(leftStart, c - 1);
            }
            if (!speaker.Found && kind == CueKind.Participle && q > 0 && earlier[q - 1] is { } before
                && v.Quotes[q - 1].CloseToken + 1 == leftStart && leftStart > v.SentenceStart(open))
            {
                // `he said abortion was a "very key issue", saying: "…"`: the speaker of the quote before.
                return before with { Cue = CueText(c), CueToken = c };
            }
            if (speaker.Found)
            {
                return new Attribution(speaker, kind == CueKind.According ? "according to" : CueText(c), c);
            }
        }

        if (further is not null)
        {
            return further;
        }

        // No attribution of its own: a quote right after another in its sentence ("said they were “A” with “B”") is
        // the same speaker's; a quote that opens its sentence continues the speaker before it or takes the one named in
        // the next sentence ("… winter." Sullivan said.).
        if (q > 0 && earlier[q - 1] is { } sameSentence && v.Quotes[q - 1].CloseToken + 1 == leftStart && leftStart > v.SentenceStart(open)
            && leftEnd - leftStart <= 3 && JoinsOnly(leftStart, leftEnd))
        {
            return sameSentence;
        }
        if (v.CountWords(leftStart, leftEnd) > 0 || v.CountWords(quote.FirstInner, quote.EndInner) < 3)
        {
            return null;
        }
        var sentence = v.SentenceOf[open];
        var paragraph = v.ParagraphOf[open];
        if (q > 0 && earlier[q - 1] is { } previous)
        {
            var before = v.Quotes[q - 1];
            var previousClose = Math.Min(before.CloseToken, v.Count - 1);
            if (v.SentenceOf[previousClose] >= sentence - 2 && v.ParagraphOf[previousClose] >= paragraph - 1)
            {
                return previous;
            }
        }
        if (sentence > 0 && _sentenceAttributions.TryGetValue(sentence - 1, out var last)
            && v.ParagraphOf[last.CueToken] >= paragraph - 1 && !v.InQuote(last.CueToken))
        {
            return last;
        }
        var nextSentence = v.SentenceOf[close] + 1;
        if (nextSentence < v.Sentences.Length && _sentenceAttributions.TryGetValue(nextSentence, out var next)
            && v.Sentences[nextSentence].TokenCount <= 8 && v.ParagraphOf[next.CueToken] <= v.ParagraphOf[close] + 1)
        {
            return next;
        }
        return null;
    }

    /// <summary>
    /// Whether the attribution ending before <paramref name="next"/> introduces the quote after this one rather than
    /// closing this one: `Ferguson called him "a disgrace", Wenger added: "I don't respond …"`.
    /// </summary>
    private bool IntroducesNext(int next, int q)
    {
        var v = _view;
        while (next < v.Count && (v.IsPunctuation(next, ',') || v.IsLowerWord(next) && v.Is(next, "that")))
        {
            next++;
        }
        return next < v.Count && (v.IsPunctuation(next, ':') || q + 1 < v.Quotes.Count && v.Quotes[q + 1].OpenToken == next);
    }

    /// <summary>Only lower-case joining words and commas between two quotes: "“A” with “B”", "“A”, “B”".</summary>
    private bool JoinsOnly(int start, int end)
    {
        var v = _view;
        for (var t = start; t < end; t++)
        {
            if (!(v.IsPunctuation(t, ',') || v.IsLowerWord(t) && v.MentionOf[t] < 0 && v.CueAt(t) == CueKind.None))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The entity when <c>[start..end)</c> is a name and nothing else (titles before it allowed): "Sullivan", "Mr Blair".</summary>
    private int NameOnly(int start, int end)
    {
        var v = _view;
        var entity = v.EntityAt(end - 1);
        if (entity < 0 || v.TypeOf(entity) is not (EntityType.Person or EntityType.Organization or EntityType.Location))
        {
            return -1;
        }
        for (var t = start; t < end; t++)
        {
            if (v.EntityAt(t) != entity && !v.IsCapitalized(t))
            {
                return -1;
            }
        }
        return entity;
    }

    private bool IsAccordingTo(int token, int end) =>
        token + 1 < end && _view.Is(token, "according") && _view.Is(token + 1, "to");

    /// <summary>The cue as written, in lower case, with the "that" or "out" that follows it: "said", "emphasizing that".</summary>
    private string CueText(int cue)
    {
        var v = _view;
        var text = v.Word(cue).ToString().ToLowerInvariant();
        var next = cue + 1;
        if (next < v.Count && v.Is(next, "out"))
        {
            text += " out";
            next++;
        }
        return next < v.Count && v.Is(next, "that") ? text + " that" : text;
    }

    // ---- Reported speech ----

    private List<Reported> FindReported()
    {
        var v = _view;
        var all = new List<Reported>();
        var inSentence = new List<Reported>();
        for (var s = 0; s < v.Sentences.Length; s++)
        {
            var sentenceStart = v.Sentences[s].TokenStart;
            var sentenceEnd = Math.Min(v.Sentences[s].TokenEnd, v.Count);
            inSentence.Clear();
            var frameStart = sentenceStart;
            for (var c = sentenceStart; c < sentenceEnd; c++)
            {
                if (v.InQuote(c))
                {
                    frameStart = c + 1;
                    continue;
                }
                if (!v.IsWord(c))
                {
                    continue;
                }
                var kind = IsAccordingTo(c, sentenceEnd) ? CueKind.According : v.IsLowerWord(c) ? v.CueAt(c) : CueKind.None;
                if (kind == CueKind.Characterization && _resolver.Before(c, frameStart) is { Found: true } praising)
                {
                    Remember(c, praising, CueText(c)); // "Ferguson also hailed …" speaks for the quote after it
                }
                if (kind is not (CueKind.Verb or CueKind.Participle or CueKind.According))
                {
                    continue;
                }
                var frameEnd = c + 1;
                while (frameEnd < sentenceEnd && !v.InQuote(frameEnd))
                {
                    frameEnd++;
                }
                if (ReportedAt(c, kind, frameStart, frameEnd, sentenceStart, sentenceEnd) is { } found)
                {
                    inSentence.Add(found);
                }
            }

            // A clause ends where a new attribution begins ("…, but said …", "…, adding that …", "…; X said …"); a
            // speech verb inside a reported clause otherwise belongs to it ("says it will ask Rosneft to repay a loan that…").
            for (var i = 0; i < inSentence.Count; i++)
            {
                var quote = inSentence[i];
                if (quote.Start < 0)
                {
                    continue;
                }
                var end = quote.End;
                for (var k = 0; k < inSentence.Count; k++)
                {
                    var other = inSentence[k];
                    if (k != i && other.AttributionStart > quote.Start && other.AttributionStart < end)
                    {
                        if (StartsNewAttribution(other.AttributionStart))
                        {
                            end = other.AttributionStart;
                        }
                        else
                        {
                            inSentence[k] = other with { Start = -1 };
                        }
                    }
                }
                while (end > quote.Start && (v.IsPunctuation(end - 1) || v.Is(end - 1, "and") || v.Is(end - 1, "but") || v.Is(end - 1, "or")))
                {
                    end--;
                }
                if (v.CountWords(quote.Start, end) >= MinReportedWords)
                {
                    all.Add(quote with { End = end });
                }
            }
        }
        return all;
    }

    /// <summary>Whether the attribution at <paramref name="start"/> follows a direct quote's closing mark (and comma).</summary>
    private bool AttributesQuoteBefore(int start, int frameStart)
    {
        var v = _view;
        var before = start - 1;
        while (before >= frameStart && before >= start - 2 && (v.IsPunctuation(before, ',') || v.IsPunctuation(before, '—') || v.IsPunctuation(before, '-')))
        {
            before--;
        }
        return before >= 0 && before == frameStart - 1 && v.InQuote(before);
    }

    /// <summary>An attribution after a comma, semicolon or coordinating "and"/"but" starts a clause of its own.</summary>
    private bool StartsNewAttribution(int start)
    {
        var v = _view;
        var before = start - 1;
        if (before >= 0 && (v.Is(before, "and") || v.Is(before, "but")))
        {
            return true;
        }
        return before >= 0 && (v.IsPunctuation(before, ',') || v.IsPunctuation(before, ';') || v.IsPunctuation(before, ':'));
    }

    private Reported? ReportedAt(int c, CueKind kind, int frameStart, int frameEnd, int sentenceStart, int sentenceEnd)
    {
        var v = _view;
        Speaker speaker;
        var cueFirst = false;
        if (kind == CueKind.According)
        {
            speaker = _resolver.After(c + 1, frameEnd);
            if (!speaker.Found)
            {
                return null;
            }
            Remember(c, speaker, "according to");
            var opensSentence = v.CountWords(frameStart, c) == 0 || c - 1 >= frameStart && v.IsPunctuation(c - 1, ',') && v.CountWords(frameStart, c) == 1;
            if (opensSentence && speaker.End < frameEnd && v.IsPunctuation(speaker.End, ','))
            {
                // "According to the WSJ, which cites people familiar with the case, the directors …"
                var start = speaker.End + 1;
                if (start < frameEnd && (v.Is(start, "which") || v.Is(start, "who")))
                {
                    while (start < frameEnd && !v.IsPunctuation(start, ','))
                    {
                        start++;
                    }
                    start++;
                }
                return Clause(start, frameEnd, sentenceEnd, speaker, "according to", c);
            }
            if (c - 1 > frameStart && v.IsPunctuation(c - 1, ',') && frameStart == sentenceStart && OnlyTrailing(speaker.End, sentenceEnd))
            {
                return new Reported(frameStart, c - 1, speaker, "according to", c);
            }
            return null;
        }

        var adjacent = true;
        if (kind == CueKind.Participle && c - 1 >= frameStart && v.IsPunctuation(c - 1, ','))
        {
            speaker = _resolver.SubjectOf(frameStart, c);
            adjacent = false;
        }
        else
        {
            speaker = _resolver.Before(c, frameStart);
            if (!speaker.Found && c - 1 >= frameStart && v.IsPunctuation(c - 1, ','))
            {
                speaker = _resolver.After(c, frameEnd);
                cueFirst = speaker.Found;
            }
            if (!speaker.Found && c - 1 >= frameStart && (v.Is(c - 1, "and") || v.Is(c - 1, "but")))
            {
                speaker = _resolver.SubjectOf(frameStart, c - 1);
                adjacent = false;
            }
        }
        if (!speaker.Found)
        {
            return null;
        }
        var cue = CueText(c);
        Remember(c, speaker, cue);
        var attributionStart = cueFirst || !adjacent || speaker.Start < 0 || speaker.Start > c ? c : speaker.Start;
        if (AttributesQuoteBefore(attributionStart, frameStart))
        {
            return null; // `"…," Mr Prescott told BBC One's Breakfast programme.`: the verb is the direct quote's
        }

        // "CLAUSE, X said." / "CLAUSE, said X."
        var tail = cueFirst ? speaker.End : c + 1;
        if (attributionStart - 1 > frameStart && v.IsPunctuation(attributionStart - 1, ',') && frameStart == sentenceStart
            && OnlyTrailing(tail, sentenceEnd))
        {
            return new Reported(frameStart, attributionStart - 1, speaker, cue, attributionStart);
        }
        if (cueFirst)
        {
            return null;
        }

        // "X said (that) CLAUSE", "X told CBS (that) CLAUSE", "…, emphasizing that CLAUSE".
        var k = c + 1;
        var word = v.Word(c);
        if (v.Is(c, "pointed") || v.Is(c, "pointing"))
        {
            if (k >= frameEnd || !v.Is(k, "out"))
            {
                return null;
            }
            k++;
        }
        var hasThat = false;
        if (SpeechVocabulary.IsObjectVerb(word))
        {
            var that = FindThat(k, frameEnd);
            if (that >= 0)
            {
                k = that + 1;
                hasThat = true;
            }
            else if (SpeechVocabulary.IsSayVerb(word))
            {
                var hearer = SkipHearer(k, frameEnd);
                // The clause must visibly start where the hearer ends ("told reporters the plan …"), not inside a
                // longer hearer the look-up did not know ("told a Commons select committee …").
                if (hearer == k || hearer >= frameEnd || v.IsLowerWord(hearer) && !SpeechVocabulary.IsDeterminer(v.Word(hearer))
                    && !(v.IsWord(hearer) && IsSubjectPronoun(hearer)))
                {
                    return null;
                }
                k = hearer;
            }
            else
            {
                return null;
            }
        }
        else
        {
            var adverbial = k;
            while (adverbial < frameEnd && adverbial - k < 6 && v.IsWord(adverbial) && SpeechVocabulary.IsAdverbial(v.Word(adverbial)))
            {
                adverbial++;
            }
            if (adverbial < frameEnd && v.Is(adverbial, "that"))
            {
                k = adverbial + 1;
                hasThat = true;
            }
        }
        if (!hasThat)
        {
            var bare = SpeechVocabulary.IsSayVerb(word) || v.Is(c, "saying") || v.Is(c, "adding") || v.Is(c, "telling");
            if (!bare || k >= frameEnd || v.Tokens[k].Kind is not (TokenKind.Word or TokenKind.Number)
                || v.IsLowerWord(k) && SpeechVocabulary.CannotStartClause(v.Word(k)))
            {
                return null;
            }
        }
        return Clause(k, frameEnd, sentenceEnd, speaker, cue, attributionStart);
    }

    /// <summary>The clause <c>[start..frameEnd)</c>, unless a direct quote interrupts it (the quote carries the attribution).</summary>
    private Reported? Clause(int start, int frameEnd, int sentenceEnd, Speaker speaker, string cue, int attributionStart)
    {
        while (start < frameEnd && _view.IsPunctuation(start, ','))
        {
            start++; // "report that, in many cases, …"
        }
        return frameEnd < sentenceEnd || start >= frameEnd || _view.IsPunctuation(start)
            ? null
            : new Reported(start, frameEnd, speaker, cue, attributionStart);
    }

    /// <summary>The end of the hearer after "told": "told Reuters", "told the BBC's Today programme", "told reporters".</summary>
    private int SkipHearer(int from, int end)
    {
        var v = _view;
        var t = from;
        while (t < end && t - from < 6)
        {
            if (v.MentionOf[t] >= 0 || v.Is(t, "'s") || v.Is(t, "’s"))
            {
                t++;
            }
            else if (v.IsWord(t) && SpeechVocabulary.IsAudience(v.Word(t)) && !SpeechVocabulary.IsDeterminer(v.Word(t)))
            {
                t++;
            }
            else if (v.IsWord(t) && SpeechVocabulary.IsDeterminer(v.Word(t)) && t + 1 < end
                && (v.MentionOf[t + 1] >= 0 || v.IsWord(t + 1) && SpeechVocabulary.IsAudience(v.Word(t + 1)) && !SpeechVocabulary.IsDeterminer(v.Word(t + 1))))
            {
                t++;
            }
            else
            {
                break;
            }
        }
        return t;
    }

    private bool IsSubjectPronoun(int token) =>
        _view.Is(token, "he") || _view.Is(token, "she") || _view.Is(token, "it") || _view.Is(token, "they") || _view.Is(token, "we");

    /// <summary>"that" within a few words of a verb, past its hearer: "told CBS on Sunday that".</summary>
    private int FindThat(int from, int end)
    {
        var v = _view;
        for (var t = from; t < end && t < from + 10; t++)
        {
            if (v.Is(t, "that"))
            {
                return t;
            }
            if (v.IsPunctuation(t) && !v.IsPunctuation(t, '-') && !v.IsPunctuation(t, '\'') && !v.IsPunctuation(t, '’')
                || v.IsLowerWord(t) && v.CueAt(t) != CueKind.None)
            {
                return -1; // "told BBC Radio 4's Today programme that" goes on past the apostrophe
            }
        }
        return -1;
    }

    /// <summary>Only the end of an attribution follows: "said.", "said in a statement.", "told Reuters on Monday.", ", adding …".</summary>
    private bool OnlyTrailing(int from, int end)
    {
        var v = _view;
        for (var t = from; t < end; t++)
        {
            if (v.IsPunctuation(t))
            {
                if (v.IsPunctuation(t, ',') && t + 1 < end && v.IsLowerWord(t + 1) && v.CueAt(t + 1) == CueKind.Participle)
                {
                    return true;
                }
                if (!(v.IsPunctuation(t, '.') || v.IsPunctuation(t, '!') || v.IsPunctuation(t, '?') || v.IsPunctuation(t, ')')))
                {
                    return false;
                }
                continue;
            }
            var word = v.Word(t);
            if (!(v.MentionOf[t] >= 0 || SpeechVocabulary.IsAdverbial(word) || SpeechVocabulary.IsSkippable(word)
                || v.IsLowerWord(t) && v.CueAt(t) == CueKind.Verb))
            {
                return false;
            }
        }
        return true;
    }

    private void Remember(int cue, Speaker speaker, string text)
    {
        var sentence = _view.SentenceOf[cue];
        _sentenceAttributions.TryAdd(sentence, new Attribution(speaker, text, cue));
        if (speaker.Kind == SpeakerKind.Named)
        {
            _resolver.SpokeIn(sentence, speaker.Entity);
        }
    }

    // ---- Headlines ----

    /// <summary>"N. Korea gives weapons to Russia, pays price: US": a headline whose source follows a colon.</summary>
    private void HeadlineSource(List<ExtractedQuote> output)
    {
        var v = _view;
        var colon = -1;
        for (var t = v.Count - 1; t > 0; t--)
        {
            if (v.IsPunctuation(t, ':'))
            {
                colon = t;
                break;
            }
        }
        if (colon < 0 || colon + 1 >= v.Count || v.CountWords(0, colon) < MinReportedWords)
        {
            return;
        }
        var end = v.Count;
        while (end > colon + 1 && v.IsPunctuation(end - 1))
        {
            end--;
        }
        var entity = NameOnly(colon + 1, end);
        if (entity < 0 || v.EntityAt(colon + 1) != entity)
        {
            return;
        }
        for (var t = 0; t < colon; t++)
        {
            if (v.InQuote(t))
            {
                return;
            }
        }
        var start = v.Tokens[0].Start;
        var stop = v.Tokens[colon - 1].End;
        output.Add(new ExtractedQuote(v.Text[start..stop], new TextSpan(v.Field, start, stop), entity, ":", IsDirect: false));
    }
}
