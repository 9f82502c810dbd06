using Cordon.Cases;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Risk.Performance;

/// <summary>
/// What the performance view needs of the demo's lane period beyond the lanes themselves: declarations received
/// during their lodgement day, the checks of all but the last days done (outcome as the declaration's recorded label),
/// and the goods released after a wait that depends on the lane; the last days' checks stay open for the worklist.
/// </summary>
public static class PerformanceDemo
{
    /// <summary>Checks of the latest days stay open, so the worklist has work.</summary>
    public const int OpenDays = 3;

    /// <summary>The importers the demo's lane run treats as authorised economic operators: the agency's busiest.</summary>
    public static async Task<IReadOnlySet<string>> AuthorisedOperatorsAsync(CordonDb db, Guid agency, CancellationToken ct = default)
        => (await db.Declarations.AsNoTracking().Where(d => d.OwningAgencyId == agency && d.ImporterCode != null)
            .GroupBy(d => d.ImporterCode!).Select(g => new { Code = g.Key, N = g.Count() }).OrderByDescending(g => g.N).ThenBy(g => g.Code).Take(4).ToListAsync(ct))
            .Select(g => g.Code).ToHashSet(StringComparer.Ordinal);

    public static async Task SeedAsync(CordonDb db, Guid agency, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var now = db.Clock.GetUtcNow();
        var decisions = await db.LaneDecisions.AsNoTracking().Where(l => l.OwningAgencyId == agency && l.LodgedOn >= from && l.LodgedOn <= to)
            .Select(l => new { l.DeclarationId, l.LodgedOn, l.Lane }).ToListAsync(ct);
        if (decisions.Count == 0 || await db.DeclarationReleases.AnyAsync(r => r.OwningAgencyId == agency, ct))
        {
            return;
        }
        var ids = decisions.Select(d => d.DeclarationId).ToList();
        var labels = await db.InspectionOutcomes.AsNoTracking().Where(o => ids.Contains(o.DeclarationId)).ToDictionaryAsync(o => o.DeclarationId, ct);
        var declarations = await db.Declarations.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var inspections = (await db.Inspections.Where(i => ids.Contains(i.DeclarationId) && i.Origin == InspectionOrigin.Lane && i.OutcomeRecordedAt == null).ToListAsync(ct))
            .GroupBy(i => i.DeclarationId).ToDictionary(g => g.Key, g => g.First());
        var seized = new List<(Inspection Inspection, Declarations.Declaration Declaration)>();
        foreach (var d in decisions)
        {
            var declaration = declarations[d.DeclarationId];
            // A stable spread from the id's random part: received between 07:00 and 17:00 of its lodgement day.
            var bytes = d.DeclarationId.ToByteArray();
            var spread = BitConverter.ToUInt32(bytes, 12);
            var received = StoredValues.Ms(new DateTimeOffset(d.LodgedOn.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero).AddMinutes(spread % 600));
            declaration.FirstReceivedAt = received;
            var hours = d.Lane switch
            {
                Lane.Red => 8 + spread / 7 % 52,
                Lane.Yellow => 3 + spread / 7 % 18,
                _ => 0.25 + spread / 7 % 8 / 4.0,
            };
            var releasedAt = StoredValues.Ms(received.AddHours(hours));
            var open = d.LodgedOn > to.AddDays(-OpenDays);
            if (releasedAt > now || (open && d.Lane is Lane.Red or Lane.Yellow))
            {
                continue;
            }
            var label = labels.GetValueOrDefault(d.DeclarationId);
            if (d.Lane is Lane.Red or Lane.Yellow && inspections.TryGetValue(d.DeclarationId, out var inspection))
            {
                var irregular = label?.Illicit ?? false;
                var revenue = label?.Revenue ?? 0;
                inspection.Status = InspectionStatus.Completed;
                inspection.Officers = ["officer"];
                inspection.StartedAt = StoredValues.Ms(releasedAt.AddHours(-2));
                inspection.EndedAt = StoredValues.Ms(releasedAt.AddHours(-0.5));
                inspection.Irregular = irregular;
                inspection.RevenueRaised = revenue > 0 ? revenue : null;
                inspection.Findings = irregular ? "Goods do not match the declaration." : "Goods as declared.";
                // The demo seizes what an irregular check found (the duties it raised are still owed).
                inspection.Decision = irregular ? InspectionDecision.Seize : InspectionDecision.Release;
                inspection.OutcomeRecordedAt = inspection.EndedAt;
                inspection.OutcomeRecordedBy = "officer";
                inspection.Version++;
                if (inspection.Decision == InspectionDecision.Seize)
                {
                    seized.Add((inspection, declaration));
                    continue; // seized goods are not released
                }
            }
            db.DeclarationReleases.Add(new DeclarationRelease
            {
                DeclarationId = d.DeclarationId,
                OwningAgencyId = agency,
                ReleasedAt = releasedAt,
                ReleasedBy = d.Lane is Lane.Red or Lane.Yellow ? "officer" : "lane run",
            });
        }
        await db.SaveChangesAsync(ct);
        // What the checks seized, through the seizure register: the performance view counts them by commodity, route and office.
        var officerUser = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == "officer" && u.AgencyId == agency, ct);
        if (officerUser is null)
        {
            return;
        }
        var officer = new Identity.Actor(officerUser.Id, officerUser.AgencyId, officerUser.Roles, officerUser.UserName, Identity.ActorKind.User);
        var seizedIds = seized.Select(x => x.Declaration.Id).ToList();
        var items = (await db.DeclarationItems.AsNoTracking().Where(i => seizedIds.Contains(i.DeclarationId) && i.Line == 1).ToListAsync(ct))
            .ToDictionary(i => i.DeclarationId);
        foreach (var (inspection, declaration) in seized)
        {
            var item = items.GetValueOrDefault(declaration.Id);
            await Seizures.CreateAsync(db, officer, new NewSeizure
            {
                InspectionId = inspection.Id,
                Office = declaration.Office,
                Place = $"{declaration.Office} inspection bay",
                SeizedAt = inspection.EndedAt,
                RouteFrom = declaration.OriginCountry,
                RouteTo = declaration.DestinationCountry ?? "NL",
                Items = [new SeizedItemRequest(item?.Description ?? "goods of the declaration", item is null ? null : item.HsCode[..Math.Min(6, item.HsCode.Length)], item?.Quantity ?? 1, item?.Unit ?? "pcs",
                    item?.NetKg, item?.Cif, declaration.Currency, (item?.Description ?? "goods").Split(',')[0])],
                SeizingOfficers = ["officer"],
                LegalBasis = "Customs Act art. 1:33",
                DetectionMethod = "physical inspection after lane selection",
                Marking = "TLP:AMBER",
            }, ct);
        }
    }
}
