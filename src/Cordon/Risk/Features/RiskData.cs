using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Features;

/// <summary>One stored declaration as risk targeting reads it: its facts and, when inspected, the outcome.</summary>
public sealed record RiskRow(Guid Id, Guid AgencyId, DeclarationFacts Facts, KnownOutcome? Outcome)
{
    public DateOnly LodgedOn => Facts.LodgementDate!.Value;
}

/// <summary>Reads stored declarations in lodgement order, a few weeks at a time, so a pass over millions stays in bounded memory.</summary>
public static class RiskData
{
    /// <summary>Days read per query.</summary>
    public const int ChunkDays = 14;

    /// <summary>
    /// Declarations lodged in [<paramref name="from"/>, <paramref name="to"/>] (null: from the first / to the last),
    /// ordered by lodgement date then id, in chunks.
    /// </summary>
    public static async IAsyncEnumerable<List<RiskRow>> ChunksAsync(CordonDb db, DateOnly? from = null, DateOnly? to = null, Guid? agencyId = null,
        IReadOnlyCollection<string>? authorisedOperators = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var scope = db.Declarations.AsNoTracking();
        if (agencyId is { } a)
        {
            scope = scope.Where(d => d.OwningAgencyId == a);
        }
        var first = from ?? await scope.MinAsync(d => (DateOnly?)d.LodgedOn, ct);
        var last = to ?? await scope.MaxAsync(d => (DateOnly?)d.LodgedOn, ct);
        if (first is null || last is null)
        {
            yield break;
        }
        for (var start = first.Value; start <= last.Value; start = start.AddDays(ChunkDays))
        {
            var end = start.AddDays(ChunkDays - 1);
            if (end > last.Value)
            {
                end = last.Value;
            }
            var (s, e) = (start, end);
            var declarations = await scope.Include(d => d.Items).Where(d => d.LodgedOn >= s && d.LodgedOn <= e)
                .OrderBy(d => d.LodgedOn).ThenBy(d => d.Id).AsSplitQuery().ToListAsync(ct);
            if (declarations.Count == 0)
            {
                continue;
            }
            var outcomes = await db.InspectionOutcomes.AsNoTracking()
                .Where(o => db.Declarations.Any(d => d.Id == o.DeclarationId && d.LodgedOn >= s && d.LodgedOn <= e))
                .ToDictionaryAsync(o => o.DeclarationId, ct);
            yield return declarations.Select(d => new RiskRow(d.Id, d.OwningAgencyId, DeclarationMapper.ToFacts(d, authorisedOperators),
                DeclarationMapper.Outcome(outcomes.GetValueOrDefault(d.Id)))).ToList();
        }
    }
}
