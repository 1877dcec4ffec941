using System.Net;
using System.Text.Json;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>What every error answer must be: an RFC 9457 problem with no internals, naming the field at fault.</summary>
public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the given status and no internals, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static void AssertHasErrorFor(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors in {problem}");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)
            || e.Name.StartsWith("$." + field, StringComparison.OrdinalIgnoreCase));
    }
}
