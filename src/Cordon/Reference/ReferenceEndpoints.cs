using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cordon.Reference;

public static class ReferenceEndpoints
{
    public sealed record Page<T>(int Total, int Offset, int Limit, IReadOnlyList<T> Items);

    public static IEndpointRouteBuilder MapReferenceEndpoints(this IEndpointRouteBuilder app)
    {
        // Reference tables are public facts, but the API is for signed-in users and clients only.
        var group = app.MapGroup("/api/reference").RequireAuthorization().WithTags("Reference");

        group.MapGet("/hs", (string? q, int? offset, int? limit, ReferenceData reference)
            => Paged(reference.Hs.Search(q), offset, limit))
            .Describe("searchHsCodes", "HS 2022 chapters, headings and subheadings matching a code or words, paged", "q: a code prefix or words of the description; offset and limit (1–500, default 50) page the result.");
        group.MapGet("/hs/{code}", Results<Ok<HsEntry>, ProblemHttpResult> (string code, ReferenceData reference)
            => reference.Hs.Find(code) is { } entry ? TypedResults.Ok(entry) : NotFoundProblem($"'{code}' is not an HS 2022 chapter, heading or subheading."))
            .Describe("getHsCode", "One HS 2022 chapter, heading or subheading by its code");
        group.MapGet("/countries", (string? q, int? offset, int? limit, ReferenceData reference)
            => Paged(reference.Countries.Search(q), offset, limit))
            .Describe("searchCountries", "ISO 3166 countries matching a code or name, paged", "q: a code or part of the name; offset and limit (1–500, default 50) page the result.");
        group.MapGet("/currencies", (string? q, int? offset, int? limit, ReferenceData reference)
            => Paged(reference.Currencies.Search(q), offset, limit))
            .Describe("searchCurrencies", "ISO 4217 currencies matching a code or name, paged", "q: a code or part of the name; offset and limit (1–500, default 50) page the result.");
        group.MapGet("/ports", (string? q, string? country, int? offset, int? limit, ReferenceData reference)
            => Paged(reference.Ports.Search(q, country), offset, limit))
            .Describe("searchPorts", "UN/LOCODE sea ports matching a code or name, optionally in one country, paged", "q: a LOCODE or part of the name; country: an ISO 3166 alpha-2 code; offset and limit (1–500, default 50) page the result.");
        group.MapGet("/ports/{locode}", Results<Ok<Port>, ProblemHttpResult> (string locode, ReferenceData reference)
            => reference.Ports.Find(locode) is { } port ? TypedResults.Ok(port) : NotFoundProblem($"'{locode}' is not a known UN/LOCODE sea port."))
            .Describe("getPort", "One sea port by its UN/LOCODE");
        return app;
    }

    private static ProblemHttpResult NotFoundProblem(string detail) => TypedResults.Problem(detail, statusCode: 404, title: "Not found.");

    private static Ok<Page<T>> Paged<T>(IEnumerable<T> items, int? offset, int? limit)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        var o = Math.Max(0, offset ?? 0);
        var l = Math.Clamp(limit ?? 50, 1, 500);
        return TypedResults.Ok(new Page<T>(list.Count, o, l, list.Skip(o).Take(l).ToList()));
    }
}
