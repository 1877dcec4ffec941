namespace NewsEvents.Extraction.Ner;

/// <summary>The four CoNLL-2003 entity classes.</summary>
public enum EntityType
{
    Person,
    Organization,
    Location,

    /// <summary>Named things of no other class: nationalities and other groups ("North Korean"), events, works, products.</summary>
    Misc,
}

/// <summary>A named-entity mention: <c>text[Start..End]</c> in UTF-16 code units, end exclusive.</summary>
public sealed record EntitySpan(int Start, int End, string Text, EntityType Type);
