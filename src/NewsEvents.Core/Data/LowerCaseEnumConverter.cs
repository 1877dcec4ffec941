using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NewsEvents.Core.Data;

/// <summary>Stores enums as lower-case text ("processed"), the same spelling the API uses, so SQL reads naturally.</summary>
public sealed class LowerCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => value.ToString().ToLowerInvariant(),
    text => Enum.Parse<TEnum>(text, true))
    where TEnum : struct, Enum;

internal static class LowerCaseEnum
{
    /// <summary>A CHECK constraint body that admits exactly the enum's stored spellings.</summary>
    public static string CheckConstraint<TEnum>(string column) where TEnum : struct, Enum =>
        $"{column} IN ({string.Join(", ", Enum.GetNames<TEnum>().Select(name => $"'{name.ToLowerInvariant()}'"))})";
}
