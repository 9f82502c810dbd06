using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Language;
using Cordon.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Criteria;

public sealed record CheckRequest(string? Expression);

/// <summary>A declaration to evaluate, with optional unit-value history for <c>stats.*</c> and an optional choice of what to evaluate.</summary>
public sealed record EvaluateRequest(
    DeclarationFacts? Declaration,
    // Past unit values the stats.* functions summarise; none: every statistic is unknown.
    IReadOnlyList<InMemoryRiskStatistics.Observation>? Statistics = null,
    // Evaluate only this expression (the editor's "try it").
    string? Expression = null,
    // Evaluate these criteria as if active (drafts included); none: the agency's live (active and shadow) criteria.
    IReadOnlyList<Guid>? Criteria = null);

public sealed record ExpressionResult(bool Fired, IReadOnlyList<int> Items, string? Failure);

public sealed record EvaluateResult(CriteriaOutcome? Outcome, ExpressionResult? Expression);

public static class RiskCriteriaEndpoints
{
    public static IEndpointRouteBuilder MapRiskCriteriaEndpoints(this IEndpointRouteBuilder app)
    {
        var criteria = app.MapGroup("/api/risk/criteria").RequireAuthorization().WithTags("Risk criteria");

        criteria.MapGet("/", async (string? status, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            CriterionStatus? filter = null;
            if (status is not null)
            {
                filter = CriterionRules.TryParseStatus(status, out var s) ? s : throw ValidationFailed.Field("status", $"Unknown status '{status}'.");
            }
            return TypedResults.Ok(await RiskCriteria.ListAsync(db, Actor.FromPrincipal(http.User), filter, ct: ct));
        }).Describe("listRiskCriteria", "The risk criteria the caller may see, optionally of one status", "status: draft, shadow, active or retired.");
        criteria.MapGet("/{id:guid}", async (Guid id, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskCriteria.GetAsync(db, Actor.FromPrincipal(http.User), id, ct)))
            .Describe("getRiskCriterion", "One risk criterion: its expression, weight, lane, status and current version");
        criteria.MapGet("/{id:guid}/versions/{version:int}", async (Guid id, int version, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskCriteria.GetVersionAsync(db, Actor.FromPrincipal(http.User), id, version, ct)))
            .Describe("getRiskCriterionVersion", "One earlier version of a risk criterion, as it was");
        criteria.MapPost("/", async Task<Created<CriterionView>> (CriterionRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var created = await RiskCriteria.CreateAsync(db, Actor.FromPrincipal(http.User), request, ct);
            return TypedResults.Created($"/api/risk/criteria/{created.Id}", created);
        }).Describe("createRiskCriterion", "Creates a risk criterion (a draft unless another status is given); the expression is checked first (audited)");
        criteria.MapPut("/{id:guid}", async (Guid id, CriterionRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskCriteria.UpdateAsync(db, Actor.FromPrincipal(http.User), id, request, ct)))
            .Describe("updateRiskCriterion", "Changes a risk criterion as a new version; refused if the expected version is not the current one (audited)");
        criteria.MapPost("/{id:guid}/status", async (Guid id, StatusRequest request, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskCriteria.SetStatusAsync(db, Actor.FromPrincipal(http.User), id, request, ct)))
            .Describe("setRiskCriterionStatus", "Moves a risk criterion to draft, shadow, active or retired, with a note; refused if the expected version is not the current one (audited)");
        // Deleting keeps the history: it retires the criterion.
        criteria.MapDelete("/{id:guid}", async (Guid id, int? expectedVersion, HttpContext http, CordonDb db, CancellationToken ct)
            => TypedResults.Ok(await RiskCriteria.SetStatusAsync(db, Actor.FromPrincipal(http.User), id, new StatusRequest("retired", expectedVersion, "Retired (deleted)."), ct)))
            .Describe("retireRiskCriterion", "Retires a risk criterion (its history stays); the same as setting status retired (audited)", "expectedVersion: the version the caller last saw; a later one refuses the change (409).");

        criteria.MapPost("/check", (CheckRequest request) => TypedResults.Ok(RiskExpression.Check(request.Expression ?? "")))
            .Describe("checkRiskExpression", "Checks a risk expression's syntax and names without storing anything; errors carry their position");

        criteria.MapPost("/evaluate", async (EvaluateRequest request, HttpContext http, CordonDb db, CancellationToken ct) =>
        {
            var actor = Actor.FromPrincipal(http.User);
            return TypedResults.Ok(await EvaluateAsync(db, actor, request, ct));
        }).Describe("evaluateRiskCriteria", "Evaluates a posted declaration against one expression, chosen criteria or the agency's live criteria; nothing is stored");
        return app;
    }

    /// <summary>Evaluates a posted declaration: against one expression, chosen criteria, or the actor's agency's live criteria.</summary>
    public static async Task<EvaluateResult> EvaluateAsync(CordonDb db, Actor actor, EvaluateRequest request, CancellationToken ct)
    {
        var declaration = request.Declaration ?? throw ValidationFailed.Field("declaration", "A declaration to evaluate is required.");
        IRiskStatistics statistics = request.Statistics is { Count: > 0 } rows ? InMemoryRiskStatistics.From(rows) : NoRiskStatistics.Instance;
        if (request.Expression is not null)
        {
            var check = RiskExpression.Check(request.Expression);
            if (!check.Ok)
            {
                throw new ValidationFailed(new Dictionary<string, string[]> { ["expression"] = check.Errors.Select(e => e.ToString()).ToArray() });
            }
            var compiled = RiskExpression.Compile(request.Expression);
            var items = new List<int>();
            try
            {
                return new EvaluateResult(null, new ExpressionResult(compiled.Evaluate(declaration, statistics, items), items, null));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new EvaluateResult(null, new ExpressionResult(false, [], e is EvaluationLimitExceeded ? e.Message : $"runtime fault: {e.Message}"));
            }
        }
        CriteriaSet set;
        if (request.Criteria is { Count: > 0 } ids)
        {
            var chosen = await RiskCriteria.Visible(db, actor).AsNoTracking().Where(c => ids.Contains(c.Id) && c.Subject == CriterionSubject.Declaration).ToListAsync(ct);
            foreach (var missing in ids.Except(chosen.Select(c => c.Id)))
            {
                throw new Common.NotFound($"No risk criterion {missing} that you may see.");
            }
            set = CriteriaSet.Compile(chosen.Where(c => c.Status != CriterionStatus.Retired)
                .Select(c => c.ToDefinition(c.Id) with { Status = CriterionStatus.Active }));
        }
        else
        {
            var agency = actor.AgencyId ?? throw ValidationFailed.Field("criteria", "Name the criteria to evaluate: you act for no agency.");
            set = await RiskCriteria.LiveSetAsync(db, agency, ct);
        }
        return new EvaluateResult(set.Evaluate(declaration, statistics, today: DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime)), null);
    }
}
