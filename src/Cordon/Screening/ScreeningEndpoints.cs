using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Hits;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Screening;

/// <summary>A screening request as the API takes it.</summary>
public sealed record ScreeningRequest(string? Name, string? Dob = null, string? Country = null, string? Type = null, int? Limit = null,
    IReadOnlyList<ListIdentifier>? Identifiers = null, string? Id = null);

public sealed record BatchScreeningRequest(IReadOnlyList<ScreeningRequest>? Queries);

/// <summary>A hit as the API and UI show it: band and type in lower case, with the list version.</summary>
public sealed record HitView(Guid EntityId, string List, int ListVersion, string SourceId, string Type, string Name, string MatchedName,
    double Score, string Band, IReadOnlyList<MatchFeature> Explanation)
{
    public static HitView Of(ScreeningHit h) => new(h.EntityId, h.List, h.ListVersion, h.SourceId, h.Type.ToString().ToLowerInvariant(),
        h.Name, h.MatchedName, h.Score, h.Band.Name(), h.Explanation);
}

public sealed record SearchResult(IReadOnlyList<HitView> Hits, IReadOnlyDictionary<string, int> Lists);

/// <summary>One query's outcome in a batch: its hits, or why it was refused (the others still run).</summary>
public sealed record BatchItemResult(string? Id, IReadOnlyList<HitView> Hits, IReadOnlyDictionary<string, string[]>? Errors);

public sealed record BatchResult(IReadOnlyList<BatchItemResult> Results, IReadOnlyDictionary<string, int> Lists);

public static class ScreeningEndpoints
{
    public const int MaxBatch = 1000;

    /// <summary>One matcher per process; it follows the lists' active versions in the store.</summary>
    public static ScreeningService Service { get; } = new();

    public static IEndpointRouteBuilder MapScreeningEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/screening").RequireAuthorization().WithTags("Screening");

        api.MapPost("/search", async (ScreeningRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var query = ToQuery(request, "") with { Visibility = new ListVisibility(Actor.FromPrincipal(http.User).AgencyId) };
            var index = await Service.IndexAsync(db, ct);
            return TypedResults.Ok(new SearchResult(index.Search(query).Select(HitView.Of).ToList(), index.ListVersions));
        }).Describe("screenName", "Screens a name (with optional birth date, country, type and identifiers) against the watch lists the caller may use; returns scored hits with their explanation");

        api.MapPost("/search/batch", async (BatchScreeningRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var visibility = new ListVisibility(Actor.FromPrincipal(http.User).AgencyId);
            var queries = request.Queries ?? [];
            if (queries.Count == 0 || queries.Count > MaxBatch)
            {
                throw ValidationFailed.Field("queries", $"Send between 1 and {MaxBatch} queries.");
            }
            var index = await Service.IndexAsync(db, ct);
            var results = new List<BatchItemResult>(queries.Count);
            for (var i = 0; i < queries.Count; i++)
            {
                try
                {
                    var query = ToQuery(queries[i], $"queries[{i}].") with { Visibility = visibility };
                    results.Add(new BatchItemResult(queries[i].Id, index.Search(query).Select(HitView.Of).ToList(), null));
                }
                catch (ValidationFailed e)
                {
                    results.Add(new BatchItemResult(queries[i].Id, [], e.Errors));
                }
            }
            return TypedResults.Ok(new BatchResult(results, index.ListVersions));
        }).Describe("screenNames", "Screens up to 1000 names at once; a refused query carries its field errors and the others still run");

        api.MapGet("/lists", async (CordonDb db, CancellationToken ct) => TypedResults.Ok(await ListCatalogue.ListAsync(db, ct)))
            .Describe("listWatchLists", "The watch lists loaded, with their active version and thresholds");

        api.MapGet("/lists/{name}", async Task<Ok<WatchListHistory>> (string name, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ListCatalogue.HistoryAsync(db, name, 500, ct, new ListVisibility(Actor.FromPrincipal(http.User).AgencyId))))
            .Describe("getWatchListHistory", "A watch list's versions and their changes (up to 500)");

        api.MapPut("/lists/{name}/thresholds", async Task<Ok<WatchListView>> (string name, ThresholdsRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await ListCatalogue.SetThresholdsAsync(db, Actor.FromPrincipal(http.User), name, request.Block, request.Review, ct)))
            .Describe("setWatchListThresholds", "Sets a watch list's block and review score thresholds (audited)");
        api.MapHitEndpoints();
        return app;
    }

    public sealed record ThresholdsRequest(double Block, double Review);

    /// <summary>Checks and converts a request; field errors name the field (prefixed for batch items).</summary>
    public static ScreeningQuery ToQuery(ScreeningRequest request, string prefix)
    {
        var errors = new FieldErrors();
        PartialDate? dob = null;
        if (!string.IsNullOrWhiteSpace(request.Dob))
        {
            dob = ScreeningIndex.ParseBirthDate(request.Dob);
            if (dob is null)
            {
                errors.Add(prefix + "dob", $"'{request.Dob}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd).");
            }
        }
        EntityType? type = null;
        if (!string.IsNullOrWhiteSpace(request.Type))
        {
            type = EntityTypes.Parse(request.Type);
            if (type is null)
            {
                errors.Add(prefix + "type", $"'{request.Type}' is not person, organisation, vessel or aircraft.");
            }
        }
        if (request.Identifiers?.Any(i => string.IsNullOrWhiteSpace(i.Kind) || string.IsNullOrWhiteSpace(i.Value)) == true)
        {
            errors.Add(prefix + "identifiers", "Each identifier needs a kind and a value.");
        }
        errors.ThrowIfAny();
        var query = new ScreeningQuery(request.Name ?? "", dob, string.IsNullOrWhiteSpace(request.Country) ? null : request.Country.Trim(), type,
            request.Identifiers, request.Limit ?? 10);
        ScreeningService.Validate(query, prefix);
        return query;
    }
}
