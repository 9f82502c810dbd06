using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Hits;

/// <summary>
/// Demo screening data: a small fictitious national list naming one of the demo importers, one
/// exporter and one vessel that call at the demo offices, so that --demo shows hits to review (the
/// intake backlog job screens the demo declarations against it). Only when no list exists yet.
/// </summary>
public static class ScreeningDemo
{
    public const string ListName = "DEMO NATIONAL";

    public static async Task<int> SeedAsync(StorageSetup.StoreSettings store, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = StorageSetup.Open(store, clock);
        if (await db.WatchLists.AnyAsync(ct) || !await db.Agencies.AnyAsync(a => a.Code == "NCA", ct))
        {
            return 0;
        }
        var importer = await db.Declarations.Where(d => d.ImporterName != null).OrderBy(d => d.Id).Select(d => d.ImporterName).FirstOrDefaultAsync(ct);
        var exporter = await db.Declarations.Where(d => d.ExporterName != null).OrderByDescending(d => d.Id).Select(d => d.ExporterName).FirstOrDefaultAsync(ct);
        var vessel = await db.Declarations.Where(d => d.Conveyance != null && d.Conveyance.StartsWith("IMO")).OrderBy(d => d.Id).Select(d => d.Conveyance).FirstOrDefaultAsync(ct);
        var lines = new List<string>
        {
            "id,name,type,aliases,dob,country,identifiers",
            "DEMO-0001,Viktor Kasimirovich Orlov,person,Viktor Orlov,1966-03-11,RU,passport:7001234567",
        };
        if (importer is not null)
        {
            // The importer's name with a spelling variant, as lists often have it.
            lines.Add($"DEMO-0002,\"{importer.Replace("B.V.", "BV", StringComparison.Ordinal)}\",organisation,,,NL,");
        }
        if (exporter is not null)
        {
            lines.Add($"DEMO-0003,\"{exporter}\",organisation,,,,");
        }
        if (vessel is { Length: 10 })
        {
            lines.Add($"DEMO-0004,NORTHERN STAR,vessel,,,PA,imo:{vessel[3..]}");
        }
        var folder = Path.Combine(Path.GetTempPath(), $"cordon-demo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "demo-national.csv");
        try
        {
            await File.WriteAllLinesAsync(path, lines, ct);
            var result = await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(path, "csv", ListName, "NCA"), null, ct);
            return result.Entries;
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
