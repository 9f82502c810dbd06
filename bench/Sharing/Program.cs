using System.Diagnostics;
using System.Globalization;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

// The cost of the access policy on a list: the declaration list (count + first page of 50, newest first)
// over N declarations owned by four agencies, read by a partner officer through the policy filter,
// against the same query unfiltered (the local operator's). Also a search (office filter) and a count.
// --statistics-office: the reader's agency is a statistics office (not law enforcement), reading for
// statistics, and a fifth of the declarations are marked law-enforcement-only: the filter then also
// tests the caveat bits on shared rows (decision 010).
// Usage: dotnet run -c Release --project bench/Sharing -- [--records 100000] [--repeat 300] [--stores sqlite,postgres] [--postgres CONNSTRING] [--sql] [--statistics-office]
var records = 100_000;
var repeat = 300;
var stores = new List<string> { "sqlite", "postgres" };
string? postgres = null;
var showSql = false;
var statisticsOffice = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--records": records = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--stores": stores = args[++i].Split(',').ToList(); break;
        case "--postgres": postgres = args[++i]; break;
        case "--sql": showSql = true; break;
        case "--statistics-office": statisticsOffice = true; break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
var work = Path.Combine(Path.GetTempPath(), $"cordon-bench-sharing-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var purpose = statisticsOffice ? Purpose.Statistics : Purpose.Investigation;
Console.WriteLine($"Reader: {(statisticsOffice ? "statistics office, for statistics (20% of rows law-enforcement-only)" : "customs, for investigation")}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}; {records:N0} declarations, {repeat} runs per query");
using var cluster = stores.Contains("postgres") && postgres is null ? BenchPostgres.Start(work) : null;

foreach (var store in stores)
{
    var settings = store == "sqlite"
        ? new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, "sharing.db")};Pooling=true")
        : new StorageSetup.StoreSettings(DatabaseProvider.Postgres, postgres ?? cluster!.Connection);
    Actor reader;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        await db.Database.EnsureDeletedAsync();
        await Migrator.MigrateAsync(db);
        reader = await SeedAsync(db, records, statisticsOffice);
    }
    Console.WriteLine($"## {store}");
    if (showSql)
    {
        await using var db = StorageSetup.Open(settings, TimeProvider.System);
        var policy = await AccessPolicy.ForAsync(db, reader, purpose);
        Console.WriteLine(policy.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration).OrderByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id).Take(50).ToQueryString());
    }
    var unfiltered = await AccessPolicyFor(settings, Actor.LocalOperator);
    var filtered = await AccessPolicyFor(settings, reader);
    var all = DeclarationFilter.Parse(null, null, null, null, null, null, null);
    var office = DeclarationFilter.Parse(null, null, "DE004851", null, null, null, null);

    await Measure(settings, "list (count + page 1), unfiltered", db => DeclarationQueries.ListAsync(db, unfiltered, all, 1, 50, default));
    await Measure(settings, "list (count + page 1), policy filter", db => DeclarationQueries.ListAsync(db, filtered, all, 1, 50, default));
    await Measure(settings, "  of which the query (filter, count, page)", async db =>
    {
        var q = filtered.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration);
        var total = await q.CountAsync();
        var rows = await q.OrderByDescending(d => d.LodgedOn).ThenByDescending(d => d.Id).Take(50).Select(d => new { d.Id, d.Number, d.OwningAgencyId, d.Marking }).ToListAsync();
        return total + rows.Count;
    });
    await Measure(settings, "search office=DE004851, unfiltered", db => DeclarationQueries.ListAsync(db, unfiltered, office, 1, 50, default));
    await Measure(settings, "search office=DE004851, policy filter", db => DeclarationQueries.ListAsync(db, filtered, office, 1, 50, default));
    await Measure(settings, "count only, unfiltered", db => unfiltered.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration).CountAsync());
    await Measure(settings, "count only, policy filter", db => filtered.Filter(db.Declarations.AsNoTracking(), RecordTypes.Declaration).CountAsync());
}

async Task<AccessPolicy> AccessPolicyFor(StorageSetup.StoreSettings settings, Actor actor)
{
    await using var db = StorageSetup.Open(settings, TimeProvider.System);
    return await AccessPolicy.ForAsync(db, actor, purpose);
}

async Task Measure<T>(StorageSetup.StoreSettings settings, string name, Func<CordonDb, Task<T>> query)
{
    var times = new List<double>(repeat);
    object? last = null;
    for (var i = 0; i < repeat + 20; i++)
    {
        await using var db = StorageSetup.Open(settings, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        last = await query(db);
        if (i >= 20) // the first runs warm the connection pool, the plan caches and the page cache
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }
    times.Sort();
    var shown = last switch { DeclarationPage p => $"total {p.Total:N0}, {p.Rows.Count} rows", int n => $"count {n:N0}", _ => "" };
    Console.WriteLine($"{name,-42} p50 {times[times.Count / 2],7:N2} ms  p99 {times[(int)(times.Count * 0.99)],7:N2} ms  ({shown})");
}

// Four agencies of 25% each: the reader's own; P1 shares up to AMBER, P2 up to GREEN (both for
// investigation); P3 shares nothing. Markings spread evenly, so the reader sees 25% + 15% + 10% = 50%.
static async Task<Actor> SeedAsync(CordonDb db, int records, bool statisticsOffice)
{
    var agencies = new[] { "OWN", "P1", "P2", "P3" }.Select(code => new Agency { Code = code, Name = code, Kind = AgencyKind.Customs, Country = "DE" }).ToArray();
    if (statisticsOffice)
    {
        agencies[0].Kind = AgencyKind.StatisticsOffice;
    }
    db.Agencies.AddRange(agencies);
    var now = DateTimeOffset.UtcNow;
    foreach (var (provider, max) in new[] { (agencies[1], Tlp.Amber), (agencies[2], Tlp.Green) })
    {
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = $"{provider.Code} to OWN", ProviderAgencyId = provider.Id, RecipientAgencyId = agencies[0].Id, RecordTypes = [RecordTypes.Declaration],
            MaxMarking = max, Purposes = [Purpose.Investigation, Purpose.Statistics], ValidFrom = now.AddDays(-1), ValidUntil = now.AddYears(1), Status = AgreementStatus.Active,
            ProviderApprovedAt = now, RecipientApprovedAt = now,
        });
    }
    await db.SaveChangesAsync();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    var random = new Random(7);
    var offices = new[] { "DE004851", "DE002601", "DE004501", "DE003301" };
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < records; i++)
    {
        db.Declarations.Add(new Declaration
        {
            OwningAgencyId = agencies[i % 4].Id, Marking = (Tlp)random.Next(5),
            Caveats = statisticsOffice && random.Next(5) == 0 ? Caveats.LawEnforcementOnly | Caveats.PersonalData : Caveats.PersonalData, Kind = DeclarationKind.Import, Office = offices[random.Next(offices.Length)],
            Declarant = $"DE{random.Next(1000):D6}", Number = $"B{i:D9}", LodgedOn = new DateOnly(2026, 1, 1).AddDays(random.Next(300)),
            ImporterCode = $"DE{random.Next(5000):D9}", ImporterName = $"Importer {random.Next(5000)}", OriginCountry = "CN", Currency = "EUR",
            TotalCif = random.Next(100, 100_000), ItemCount = 1, ContentHash = new byte[32], UpdatedBy = "bench", FirstReceivedAt = now, UpdatedAt = now,
        });
        if (i % 5000 == 4999)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
    await db.SaveChangesAsync();
    Console.WriteLine($"seeded {records:N0} declarations in {watch.Elapsed.TotalSeconds:N1} s");
    return new Actor(Guid.NewGuid(), agencies[0].Id, Roles.Officer, "partner officer", ActorKind.User);
}
