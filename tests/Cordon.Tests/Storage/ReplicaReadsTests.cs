using System.Net.Http.Json;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Storage;

/// <summary>
/// Read-only work sent to a PostgreSQL standby by configuration (ConnectionStrings:CordonReadOnly): exports and
/// statistics read there, everything else and every write — the audit of who read what — goes to the primary.
/// The standby here is a read-only database holding the store as it was when the server started, so a declaration
/// taken in afterwards shows which side answered.
/// </summary>
public sealed class ReplicaReadsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exports_and_statistics_read_the_standby_while_lists_writes_and_their_audit_go_to_the_primary()
    {
        await using var primaryNode = await CordonHost.StartAsync(TestStore.Postgres, demo: true);
        var standby = await primaryNode.Store.StandbyAsync();
        await using var node = await primaryNode.StartSecondNodeAsync($"--ConnectionStrings:CordonReadOnly={standby}");
        var officer = await node.AsAsync("officer");

        var taken = await officer.PostAsJsonAsync("/api/declarations", Declaration("REPLICA-LAG-0001"), Ct);
        taken.EnsureSuccessStatusCode();

        // The list reads the primary: the new declaration is there.
        var listed = await (await officer.GetAsync("/api/declarations?number=REPLICA-LAG-0001", Ct)).OkAsync<System.Text.Json.JsonElement>();
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        // The export reads the standby, which has not seen it yet; a node without a standby exports it at once.
        Assert.DoesNotContain("REPLICA-LAG-0001", await officer.GetStringAsync("/api/declarations/export.csv?number=REPLICA-LAG-0001", Ct));
        var onPrimary = await primaryNode.AsAsync("officer");
        Assert.Contains("REPLICA-LAG-0001", await onPrimary.GetStringAsync("/api/declarations/export.csv?number=REPLICA-LAG-0001", Ct));
        // What both have is exported alike from either.
        Assert.Equal(
            await onPrimary.GetStringAsync("/api/declarations/export.csv?from=2000-01-01&to=2000-12-31", Ct),
            await officer.GetStringAsync("/api/declarations/export.csv?from=2000-01-01&to=2000-12-31", Ct));

        // The statistics office's read of customs' seizures comes from the standby, and its audit entry lands on the
        // primary (the standby refuses writes: a write sent there would have failed the request).
        var statistician = await node.AsAsync("nso.analyst", "statistics");
        var nca = await AgencyIdAsync(primaryNode, "NCA");
        var before = await ReadsOfAsync(primaryNode, nca);
        (await statistician.GetAsync("/api/seizures/statistics", Ct)).EnsureSuccessStatusCode();
        Assert.True(await ReadsOfAsync(primaryNode, nca) > before, "the statistics office's read of customs' seizures is in the primary's audit log");
        await using var standbyDb = StorageSetup.Open(new StorageSetup.StoreSettings(DatabaseProvider.Postgres, standby), TestClock.Real);
        Assert.Equal(0, await standbyDb.Declarations.CountAsync(d => d.Number == "REPLICA-LAG-0001", Ct));
    }

    [Fact]
    public void A_standby_with_SQLite_is_refused_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:CordonReadOnly"] = "Host=standby;Database=cordon",
        }).Build();
        var refused = Assert.Throws<InvalidOperationException>(() => StorageSetup.Read(configuration));
        Assert.Contains("ConnectionStrings:CordonReadOnly", refused.Message);
    }

    private static async Task<Guid> AgencyIdAsync(CordonHost host, string code)
    {
        await using var db = host.Store.Open();
        return await db.Agencies.Where(a => a.Code == code).Select(a => a.Id).SingleAsync(Ct);
    }

    private static async Task<int> ReadsOfAsync(CordonHost host, Guid owner)
    {
        await using var db = host.Store.Open();
        return await db.AuditEntries.CountAsync(e => e.RecordAgencyId == owner && e.RecordType == "seizure" && e.Action.StartsWith("records."), Ct);
    }

    private static object Declaration(string number) => new
    {
        kind = "import", number, declarant = "NL123456789", office = "NL000396", lodgedOn = "2026-11-30", transportMode = "sea",
        importer = new { id = "NL987654321", name = "Holland Trading B.V.", country = "NL" },
        exporter = new { name = "Shenzhen Bright Electronics Co.", country = "CN" },
        originCountry = "CN", currency = "EUR", totalFob = 1000, totalCif = 1100,
        items = new[] { new { hsCode = "8517130000", description = "Smartphones", quantity = 10, unit = "u", grossKg = 25, netKg = 20, fob = 1000, cif = 1100 } },
    };
}
