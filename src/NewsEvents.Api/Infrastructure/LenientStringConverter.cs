using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Reads JSON strings as System.Text.Json does, except that an escaped lone surrogate (<c>"\ud800"</c>, common in
/// text cut by scrapers) is kept instead of failing the whole request; ingestion then replaces it with U+FFFD
/// (<c>PlainText.Sanitize</c>). Only the escape form can carry one: raw UTF-8 cannot encode a lone surrogate.
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException) when (reader.ValueIsEscaped)
        {
            // The reader has validated the escapes' syntax; only the surrogate pairing failed.
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return Unescape(Encoding.UTF8.GetString(raw));
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                builder.Append(escaped[i]);
                continue;
            }
            var kind = escaped[++i];
            switch (kind)
            {
                case 'u':
                    builder.Append((char)ushort.Parse(escaped.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                default: builder.Append(kind); break; // \" \\ \/
            }
        }
        return builder.ToString();
    }
}
