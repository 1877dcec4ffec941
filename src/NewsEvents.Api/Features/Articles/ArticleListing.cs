using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Api.Features.Articles;

/// <summary>Validates an article list request and runs it: shared by every endpoint that lists articles.</summary>
internal static class ArticleListing
{
    public static async Task<IActionResult> ListAsync(
        ControllerBase controller, ArticleListRequest request, ArticleSearch search, Guid? entity, CancellationToken cancellationToken)
    {
        var modelState = controller.ModelState;
        var text = Clean(request.Q);
        var sort = text is null ? ArticleSort.Newest : request.Sort;
        var after = request.Cursor is null ? null : ArticleCursor.TryDecode(request.Cursor);
        if (request.Cursor is not null && after?.Sort != sort)
        {
            modelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued for this query's sort; start again without it.");
        }
        if (request.From is { } from && request.To is { } to && from >= to)
        {
            modelState.AddModelError(nameof(request.To), "Must be later than 'from'.");
        }
        if (!modelState.IsValid)
        {
            return controller.ValidationProblem(modelState);
        }

        var page = await search.SearchAsync(
            // Languages are stored lower-cased (BCP 47 tags are case-insensitive), so the filter is too.
            new ArticleQuery(text, Clean(request.Source), Clean(request.Language)?.ToLowerInvariant(), request.From, request.To,
                sort, request.Limit, after, entity, request.IncludeDuplicates),
            cancellationToken);
        return controller.Ok(new ListResponse<ArticleHit>(page.Items, page.Next?.Encode()));
    }

    /// <summary>Null for blank; otherwise trimmed and safe to send to PostgreSQL.</summary>
    public static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : PlainText.Sanitize(value).Trim() is { Length: > 0 } clean ? clean : null;
}
