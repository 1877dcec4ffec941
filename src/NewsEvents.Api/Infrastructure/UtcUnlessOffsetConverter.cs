using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Reads an ISO 8601 time as System.Text.Json does, except that a time without an offset (as archives such as
/// Reuters-21578 write them) is taken as UTC rather than in the server's time zone, so the stored time does not depend
/// on where the server runs.
/// </summary>
internal sealed class UtcUnlessOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var time))
        {
            throw new JsonException("Expected an ISO 8601 date and time, such as 2023-09-05T14:30:00Z.");
        }
        return time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, TimeSpan.Zero) : reader.GetDateTimeOffset();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
