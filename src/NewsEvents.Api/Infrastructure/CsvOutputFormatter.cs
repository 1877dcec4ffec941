using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Writes a list page (<see cref="ListResponse{T}"/>) as CSV for spreadsheets, row by row: one column per property
/// (camelCase, as in JSON), nested values as JSON. The next page's cursor travels in the X-Next-Cursor header. Cells
/// a spreadsheet would evaluate as a formula are defused.
/// </summary>
internal sealed class CsvOutputFormatter : TextOutputFormatter
{
    public const string MediaType = "text/csv";

    public CsvOutputFormatter()
    {
        SupportedMediaTypes.Add(MediaType);
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    protected override bool CanWriteType(Type? type) =>
        type is { IsGenericType: true } && type.GetGenericTypeDefinition() == typeof(ListResponse<>);

    public override async Task WriteResponseBodyAsync(OutputFormatterWriteContext context, Encoding selectedEncoding)
    {
        var page = context.Object!;
        var type = page.GetType();
        var items = (IEnumerable)type.GetProperty(nameof(ListResponse<object>.Items))!.GetValue(page)!;
        if (type.GetProperty(nameof(ListResponse<object>.NextCursor))!.GetValue(page) is string next)
        {
            context.HttpContext.Response.Headers["X-Next-Cursor"] = next;
        }
        var json = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>()
            .Value.JsonSerializerOptions;
        var columns = type.GetGenericArguments()[0].GetProperties(BindingFlags.Public | BindingFlags.Instance);

        await using var writer = context.WriterFactory(context.HttpContext.Response.Body, selectedEncoding);
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => Escape(json.PropertyNamingPolicy?.ConvertName(c.Name) ?? c.Name))));
        foreach (var item in items)
        {
            await writer.WriteLineAsync(string.Join(',', columns.Select(c => Escape(Cell(c.GetValue(item), json)))));
        }
    }

    private static string Cell(object? value, JsonSerializerOptions json) => value switch
    {
        null => "",
        string text => text,
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("O", CultureInfo.InvariantCulture),
        Enum => JsonSerializer.Serialize(value, value.GetType(), json).Trim('"'),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType(), json),
    };

    /// <summary>RFC 4180 quoting, and a leading apostrophe on cells that a spreadsheet would evaluate as a formula.</summary>
    private static string Escape(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(cell, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
