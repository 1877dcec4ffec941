using System.Globalization;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Events;

/// <summary>What a temporal expression names, before it is placed against a publication date.</summary>
public enum TemporalKind
{
    /// <summary>A full date: "5 September 2023", "September 5, 2023", "2023-09-05".</summary>
    Date,

    /// <summary>A day of a month without the year: "Sept. 5", "on 5 September".</summary>
    MonthDay,

    /// <summary>A month, with or without its year: "in September", "September 2023".</summary>
    Month,

    /// <summary>A day of the week: "on Tuesday", "last Tuesday", "next Friday".</summary>
    Weekday,

    /// <summary>Days from the publication date: "today" (0), "yesterday" (-1), "tomorrow" (1), "three days ago" (-3).</summary>
    DayOffset,

    /// <summary>Weeks from the publication date's week: "next week" (1), "last week" (-1), "two weeks ago" (-2).</summary>
    WeekOffset,

    /// <summary>Months from the publication date's month: "last month" (-1), "next month" (1).</summary>
    MonthOffset,

    /// <summary>Years from the publication date's year: "next year" (1), "last year" (-1).</summary>
    YearOffset,

    /// <summary>The publication date moved by whole months: "two months ago" (-2), "in three months" (3).</summary>
    MonthShift,
}

/// <param name="Value">Depending on the kind: the day of the week (0 = Sunday), or the offset in days, weeks, months or years.</param>
/// <param name="Direction">-1 for "last Tuesday", 1 for "next Tuesday", 0 when the text does not say.</param>
public readonly record struct TemporalMention(
    int TokenStart, int TokenEnd, TemporalKind Kind, int Year, int Month, int Day, int Value, int Direction)
{
    /// <summary>
    /// The date this expression names, given when the article was published and whether the event lies ahead
    /// (planned) or behind. Periods resolve to their first day: "next week" is the Monday of next week, "last month"
    /// its first day, "in September" the 1st of the September before publication (after it, when the event is
    /// planned). "On Tuesday" is the latest Tuesday up to the publication day, or the first after it when planned.
    /// Null when the expression needs a publication date and there is none.
    /// </summary>
    public DateOnly? Resolve(DateOnly? published, bool future)
    {
        if (Kind == TemporalKind.Date)
        {
            return TryDate(Year, Month, Day);
        }
        if (published is not { } day)
        {
            return Kind is TemporalKind.Month && Year > 0 ? TryDate(Year, Month, 1) : null;
        }
        if (day.Year is <= 1 or >= 9999)
        {
            return null; // no room to move around the calendar's ends
        }
        var ahead = Direction > 0 || Direction == 0 && future;
        switch (Kind)
        {
            case TemporalKind.MonthDay:
                {
                    var candidate = TryDate(day.Year, Month, Day);
                    if (candidate is not { } date)
                    {
                        return null;
                    }
                    if (ahead && date < day)
                    {
                        return TryDate(day.Year + 1, Month, Day);
                    }
                    return !ahead && date > day ? TryDate(day.Year - 1, Month, Day) : date;
                }
            case TemporalKind.Month:
                {
                    if (Year > 0)
                    {
                        return TryDate(Year, Month, 1);
                    }
                    var year = day.Year;
                    if (ahead && Month < day.Month)
                    {
                        year++;
                    }
                    else if (!ahead && Month > day.Month)
                    {
                        year--;
                    }
                    return TryDate(year, Month, 1);
                }
            case TemporalKind.Weekday:
                {
                    var delta = Value - (int)day.DayOfWeek;
                    if (ahead)
                    {
                        return day.AddDays(delta <= 0 ? delta + 7 : delta);
                    }
                    if (Direction < 0)
                    {
                        return day.AddDays(delta >= 0 ? delta - 7 : delta);
                    }
                    return day.AddDays(delta > 0 ? delta - 7 : delta);
                }
            case TemporalKind.DayOffset:
                return day.DayNumber + (long)Value is >= 0 and < 3_652_059 ? day.AddDays(Value) : null;
            case TemporalKind.WeekOffset:
                {
                    var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                    return monday.AddDays(7 * Value);
                }
            case TemporalKind.MonthOffset:
                return new DateOnly(day.Year, day.Month, 1).AddMonths(Value);
            case TemporalKind.YearOffset:
                return new DateOnly(day.Year + Value, 1, 1);
            case TemporalKind.MonthShift:
                return day.Year + Value / 12 is > 1 and < 9999 ? day.AddMonths(Value) : null;
            default:
                return null;
        }
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
}

/// <summary>
/// Finds the temporal expressions of English news: dates with and without a year, months, weekdays, "yesterday",
/// "last week", "next month", "three days ago", ISO dates. Month and weekday names count only when capitalised, and
/// "May" only when a day or year goes with it or "in"/"on"/"since" comes before it.
/// </summary>
public static class TemporalExpressions
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["january"] = 1,
        ["jan"] = 1,
        ["february"] = 2,
        ["feb"] = 2,
        ["march"] = 3,
        ["mar"] = 3,
        ["april"] = 4,
        ["apr"] = 4,
        ["may"] = 5,
        ["june"] = 6,
        ["jun"] = 6,
        ["july"] = 7,
        ["jul"] = 7,
        ["august"] = 8,
        ["aug"] = 8,
        ["september"] = 9,
        ["sep"] = 9,
        ["sept"] = 9,
        ["october"] = 10,
        ["oct"] = 10,
        ["november"] = 11,
        ["nov"] = 11,
        ["december"] = 12,
        ["dec"] = 12,
    };

    private static readonly Dictionary<string, int> Weekdays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sunday"] = 0,
        ["monday"] = 1,
        ["tuesday"] = 2,
        ["wednesday"] = 3,
        ["thursday"] = 4,
        ["friday"] = 5,
        ["saturday"] = 6,
    };

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1,
        ["an"] = 1,
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["several"] = 3,
    };

    private static readonly Dictionary<string, TemporalKind> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = TemporalKind.DayOffset,
        ["days"] = TemporalKind.DayOffset,
        ["week"] = TemporalKind.WeekOffset,
        ["weeks"] = TemporalKind.WeekOffset,
        ["month"] = TemporalKind.MonthOffset,
        ["months"] = TemporalKind.MonthOffset,
        ["year"] = TemporalKind.YearOffset,
        ["years"] = TemporalKind.YearOffset,
    };

    /// <summary>The expressions in <c>tokens[from..to]</c>, in text order, none overlapping.</summary>
    public static List<TemporalMention> Find(string text, IReadOnlyList<Token> tokens, int from, int to)
    {
        var found = new List<TemporalMention>();
        for (var i = from; i < to; i++)
        {
            if (TryMatch(text, tokens, i, to) is { } mention)
            {
                found.Add(mention);
                i = mention.TokenEnd - 1;
            }
        }
        return found;
    }

    /// <summary>The first expression in <paramref name="text"/>, resolved: a convenience for tests and tools.</summary>
    public static DateOnly? ResolveFirst(string text, DateOnly? published, bool future = false)
    {
        var tokens = Tokenizer.Tokenize(text);
        var found = Find(text, tokens, 0, tokens.Count);
        return found.Count == 0 ? null : found[0].Resolve(published, future);
    }

    private static TemporalMention? TryMatch(string text, IReadOnlyList<Token> tokens, int i, int to)
    {
        var token = tokens[i];
        var word = Word(text, token);
        if (token.Kind == TokenKind.Number)
        {
            return IsoDate(text, token, i) ?? DayThenMonth(text, tokens, i, to) ?? Ago(text, tokens, i, to);
        }
        if (token.Kind != TokenKind.Word)
        {
            return null;
        }

        if (Months.TryGetValue(word.TrimEnd('.'), out var month) && char.IsUpper(text[token.Start]) && !IsAllUpper(word))
        {
            return MonthFirst(text, tokens, i, to, month);
        }
        if (Weekdays.TryGetValue(word, out var weekday) && char.IsUpper(text[token.Start]))
        {
            return new TemporalMention(i, i + 1, TemporalKind.Weekday, 0, 0, 0, weekday, 0);
        }
        switch (word.ToLowerInvariant())
        {
            case "today" or "tonight":
                return new TemporalMention(i, i + 1, TemporalKind.DayOffset, 0, 0, 0, 0, 0);
            case "yesterday":
                return new TemporalMention(i, i + 1, TemporalKind.DayOffset, 0, 0, 0, -1, -1);
            case "tomorrow":
                return new TemporalMention(i, i + 1, TemporalKind.DayOffset, 0, 0, 0, 1, 1);
            case "last" or "next" or "this" or "coming" when i + 1 < to:
                {
                    var direction = word.ToLowerInvariant() switch { "last" => -1, "this" => 0, _ => 1 };
                    var next = Word(text, tokens[i + 1]);
                    if (Weekdays.TryGetValue(next, out var day) && char.IsUpper(text[tokens[i + 1].Start]))
                    {
                        return new TemporalMention(i, i + 2, TemporalKind.Weekday, 0, 0, 0, day, direction == 0 ? 1 : direction);
                    }
                    if (Units.TryGetValue(next, out var unit) && !next.EndsWith('s') && unit != TemporalKind.DayOffset)
                    {
                        return new TemporalMention(i, i + 2, unit, 0, 0, 0, direction, direction);
                    }
                    if (direction != 0 && Months.TryGetValue(next, out var namedMonth) && char.IsUpper(text[tokens[i + 1].Start]))
                    {
                        return new TemporalMention(i, i + 2, TemporalKind.Month, 0, namedMonth, 0, 0, direction);
                    }
                    return null;
                }
            case "in" or "within" when i + 2 < to:
                {
                    // "in three days", "in two weeks"
                    if (Count(text, tokens[i + 1]) is { } n && Units.TryGetValue(Word(text, tokens[i + 2]), out var unit))
                    {
                        return Offset(i, i + 3, unit, n);
                    }
                    return null;
                }
            default:
                return NumberWords.ContainsKey(word) ? Ago(text, tokens, i, to) : null;
        }
    }

    /// <summary>"three days ago", "two weeks ago".</summary>
    private static TemporalMention? Ago(string text, IReadOnlyList<Token> tokens, int i, int to)
    {
        if (i + 2 < to && Count(text, tokens[i]) is { } n && Units.TryGetValue(Word(text, tokens[i + 1]), out var unit)
            && Word(text, tokens[i + 2]).Equals("ago", StringComparison.OrdinalIgnoreCase))
        {
            return Offset(i, i + 3, unit, -n);
        }
        return null;
    }

    /// <summary>"three days ago", "in two weeks", "two months ago": points in time, counted from the publication date.</summary>
    private static TemporalMention Offset(int start, int end, TemporalKind unit, int n) => unit switch
    {
        TemporalKind.WeekOffset => new(start, end, TemporalKind.DayOffset, 0, 0, 0, 7 * n, Math.Sign(n)),
        TemporalKind.MonthOffset => new(start, end, TemporalKind.MonthShift, 0, 0, 0, n, Math.Sign(n)),
        TemporalKind.YearOffset => new(start, end, TemporalKind.MonthShift, 0, 0, 0, 12 * n, Math.Sign(n)),
        _ => new(start, end, TemporalKind.DayOffset, 0, 0, 0, n, Math.Sign(n)),
    };

    /// <summary>"September 5, 2023", "Sept. 5", "September 2023", "September".</summary>
    private static TemporalMention? MonthFirst(string text, IReadOnlyList<Token> tokens, int i, int to, int month)
    {
        var j = i + 1;
        if (j < to && text[tokens[j].Start] == '.' && tokens[j].Length == 1)
        {
            j++;
        }
        if (j < to && DayNumber(text, tokens[j]) is { } day)
        {
            var end = j + 1;
            var k = end < to && text[tokens[end].Start] == ',' ? end + 1 : end;
            if (k < to && YearNumber(text, tokens[k]) is { } year)
            {
                return new TemporalMention(i, k + 1, TemporalKind.Date, year, month, day, 0, 0);
            }
            return new TemporalMention(i, end, TemporalKind.MonthDay, 0, month, day, 0, 0);
        }
        if (j < to && YearNumber(text, tokens[j]) is { } onlyYear)
        {
            return new TemporalMention(i, j + 1, TemporalKind.Month, onlyYear, month, 0, 0, 0);
        }
        // A bare month name: "May" is also a verb, "March" a noun; "in/on/since/by/until/early/late/mid" makes them months.
        var before = i > 0 ? Word(text, tokens[i - 1]).ToLowerInvariant() : "";
        var nameIsAmbiguous = month is 3 or 5 || Word(text, tokens[i]).Length <= 3;
        if (nameIsAmbiguous && before is not ("in" or "on" or "since" or "by" or "until" or "early" or "late" or "mid" or "during" or "of"))
        {
            return null;
        }
        return new TemporalMention(i, i + 1, TemporalKind.Month, 0, month, 0, 0, 0);
    }

    /// <summary>"5 September 2023", "5 Sept".</summary>
    private static TemporalMention? DayThenMonth(string text, IReadOnlyList<Token> tokens, int i, int to)
    {
        if (i + 1 >= to || DayNumber(text, tokens[i]) is not { } day)
        {
            return null;
        }
        var monthToken = tokens[i + 1];
        var name = Word(text, monthToken).TrimEnd('.');
        if (!Months.TryGetValue(name, out var month) || !char.IsUpper(text[monthToken.Start]))
        {
            return null;
        }
        if (i + 2 < to && YearNumber(text, tokens[i + 2]) is { } year)
        {
            return new TemporalMention(i, i + 3, TemporalKind.Date, year, month, day, 0, 0);
        }
        return new TemporalMention(i, i + 2, TemporalKind.MonthDay, 0, month, day, 0, 0);
    }

    private static TemporalMention? IsoDate(string text, Token token, int i)
    {
        var span = token.AsSpan(text);
        if (span.Length == 10 && span[4] == '-' && span[7] == '-'
            && DateOnly.TryParseExact(span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new TemporalMention(i, i + 1, TemporalKind.Date, date.Year, date.Month, date.Day, 0, 0);
        }
        return null;
    }

    private static int? DayNumber(string text, Token token)
    {
        var span = token.AsSpan(text);
        // "5", "05", "5th", "21st"
        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }
        if (digits is 0 or > 2)
        {
            return null;
        }
        var suffix = span[digits..];
        if (suffix.Length > 0 && !(suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var day = int.Parse(span[..digits], CultureInfo.InvariantCulture);
        return day is >= 1 and <= 31 ? day : null;
    }

    private static int? YearNumber(string text, Token token)
    {
        var span = token.AsSpan(text);
        return token.Kind == TokenKind.Number && span.Length == 4 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 1800 and <= 2200
            ? year
            : null;
    }

    private static int? Count(string text, Token token)
    {
        var span = token.AsSpan(text);
        if (token.Kind == TokenKind.Number && span.Length <= 3 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        return NumberWords.TryGetValue(span.ToString(), out var word) ? word : null;
    }

    private static string Word(string text, Token token) => token.Length > 12 ? "" : token.GetText(text);

    private static bool IsAllUpper(string word) => word.Length > 1 && word.All(c => !char.IsLetter(c) || char.IsUpper(c));
}
