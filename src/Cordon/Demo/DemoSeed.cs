using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Demo;

/// <summary>
/// The demo world a newcomer clicks through: a national customs administration, its border police
/// and immigration service, and a partner customs administration abroad, with a user for each role.
/// Only ever run on request (--demo or Cordon:Demo=true). Idempotent: it adds what is missing.
/// </summary>
public static class DemoSeed
{
    /// <summary>Every demo user signs in with this password (printed in the README).</summary>
    public const string Password = "Cordon-demo-2026";

    public static readonly IReadOnlyList<(string Code, string Name, AgencyKind Kind, string Country)> Agencies =
    [
        ("NCA", "National Customs Administration", AgencyKind.Customs, "NL"),
        ("NBP", "National Border Police", AgencyKind.BorderPolice, "NL"),
        ("NIS", "National Immigration Service", AgencyKind.Immigration, "NL"),
        ("PCA", "Partner Customs Administration (abroad)", AgencyKind.PartnerCustomsAbroad, "BE"),
        ("NSO", "National Statistics Office", AgencyKind.StatisticsOffice, "NL"),
    ];

    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Agency, Roles Roles)> Users =
    [
        ("operator", "Olga Operator", "NCA", Roles.Operator),
        ("admin", "Ada Admin", "NCA", Roles.AgencyAdmin),
        ("officer", "Oscar Officer", "NCA", Roles.Officer),
        ("analyst", "Anna Analyst", "NCA", Roles.Analyst),
        ("supervisor", "Sam Supervisor", "NCA", Roles.Supervisor | Roles.Officer),
        ("auditor", "Aude Auditor", "NCA", Roles.Auditor),
        ("bp.admin", "Bram Border-Admin", "NBP", Roles.AgencyAdmin),
        ("bp.officer", "Britt Border-Officer", "NBP", Roles.Officer),
        ("nis.officer", "Ivo Immigration-Officer", "NIS", Roles.Officer),
        ("nis.admin", "Isa Immigration-Admin", "NIS", Roles.AgencyAdmin),
        ("pca.admin", "Pieter Partner-Admin", "PCA", Roles.AgencyAdmin),
        ("pca.officer", "Petra Partner-Officer", "PCA", Roles.Officer | Roles.Analyst),
        ("nso.analyst", "Nora Statistics-Analyst", "NSO", Roles.Analyst | Roles.AgencyAdmin),
    ];

    /// <summary>
    /// A few thousand generated declarations for the national customs administration, with inspection
    /// outcomes and amendments (so detail pages show version history), written through the real intake
    /// path. Only when the store has no declarations yet.
    /// </summary>
    public static async Task<int> SeedDeclarationsAsync(StorageSetup.StoreSettings store, TimeProvider clock, int count = 3000, CancellationToken ct = default, Travellers.CardHashKey? cards = null)
    {
        var now = clock.GetUtcNow();
        await using (var operations = StorageSetup.Open(store, clock)) { await Operations.OperationsDemo.SeedAsync(operations, now, ct); }
        await using (var resources = StorageSetup.Open(store, clock)) { await Resources.ResourcesDemo.SeedAsync(resources, clock, ct); }
        Guid customs;
        await using (var db = StorageSetup.Open(store, clock))
        {
            if (await db.Declarations.AnyAsync(ct))
            {
                return 0;
            }
            customs = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).FirstAsync(ct);
        }
        var context = new IntakeContext(customs, "demo", "demo generator", now);
        var accepted = 0;
        var index = 0;
        foreach (var chunk in new DeclarationGenerator(count, seed: 2026).Generate().Chunk(500))
        {
            var candidates = chunk.Select(g => new Candidate<DeclarationInput>
            {
                Index = index++,
                Position = $"demo {index}",
                Raw = g.Declaration.Number ?? "",
                Number = g.Declaration.Number,
                Input = g.Declaration,
            }).ToList();
            var results = await Intake.SubmitDeclarationsAsync(store, context, candidates, ct);
            accepted += results.Count(r => r.Outcome is IntakeOutcome.Accepted or IntakeOutcome.Amended);
        }
        await Screening.Hits.ScreeningDemo.SeedAsync(store, clock, ct);
        await Risk.RiskDemo.SeedAsync(store, clock, ct);
        await Alerting.AlertDemo.SeedAsync(store, clock, now, ct);
        await Cases.CaseDemo.SeedAsync(store, clock, now, ct);
        await Travellers.TravellerDemo.SeedAsync(store, clock, ct, cards);
        await Procedures.ProcedureDemo.SeedAsync(store, clock, ct);
        await Exercises.ExerciseDemo.SeedAsync(store, clock, ct);
        return accepted;
    }

    public static async Task<int> SeedAsync(CordonDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var added = 0;
        var byCode = await db.Agencies.ToDictionaryAsync(a => a.Code, ct);
        foreach (var (code, name, kind, country) in Agencies)
        {
            if (!byCode.ContainsKey(code))
            {
                var agency = new Agency { CreatedAt = now, Code = code, Name = name, Kind = kind, Country = country };
                db.Agencies.Add(agency);
                byCode[code] = agency;
                added++;
            }
        }
        var existing = (await db.Users.Select(u => u.UserName).ToListAsync(ct)).ToHashSet();
        foreach (var (userName, displayName, agencyCode, roles) in Users)
        {
            if (existing.Contains(userName))
            {
                continue;
            }
            var user = new User { CreatedAt = now, UserName = userName, DisplayName = displayName, AgencyId = byCode[agencyCode].Id, Roles = roles, PasswordHash = "" };
            user.PasswordHash = PasswordPolicy.Hash(user, Password);
            db.Users.Add(user);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
