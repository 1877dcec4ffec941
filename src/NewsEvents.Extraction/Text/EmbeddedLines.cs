using System.Reflection;

namespace NewsEvents.Extraction.Text;

/// <summary>Reads a text file embedded in this assembly (see the .csproj) line by line, skipping blanks and # comments.</summary>
internal static class EmbeddedLines
{
    public static IEnumerable<string> Read(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource {resourceName} is missing; see NewsEvents.Extraction.csproj.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line;
            }
        }
    }
}
