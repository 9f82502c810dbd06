using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Screening;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Screening;

public sealed class ListImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> SeedAsync(TestStore s)
    {
        await using var db = s.Open();
        await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        return db.Agencies.Single(a => a.Code == "NCA").Id;
    }

    private static ListImportRequest Csv(string path, string name = "NATIONAL") => new(path, "csv", name, "NCA");

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_real_UN_list_is_stored_owned_and_marked_and_screened_from_the_store(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        var nca = await SeedAsync(s);
        await using (var db = s.Open())
        {
            var result = await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.Un, "un-xml", "UN SC", "NCA"), null, Ct);
            Assert.Equal((1, 1003, 1003, 0, 0), (result.Version, result.Entries, result.Added, result.Changed, result.Removed));
            Assert.StartsWith("dateGenerated 2026-02-27", result.Edition, StringComparison.Ordinal);
        }
        await using (var db = s.Open())
        {
            var list = await db.WatchLists.SingleAsync(Ct);
            Assert.Equal((nca, Tlp.Clear, 1), (list.OwningAgencyId, list.Marking, list.ActiveVersion));
            Assert.Equal(1003, await db.ListedEntities.CountAsync(e => e.OwningAgencyId == nca && e.Marking == Tlp.Clear, Ct));
            Assert.Equal(730, await db.ListedEntities.CountAsync(e => e.Type == EntityType.Person, Ct));

            var hits = await new ScreeningService().ScreenAsync(db, new ScreeningQuery("Tharwat Salah Shihata", new PartialDate(1960, 6, 29), "EG"), Ct);
            Assert.Equal(("UN SC", 1, "THARWAT SALAH SHIHATA", MatchBand.Block), (hits[0].List, hits[0].ListVersion, hits[0].Name, hits[0].Band));
            var stored = await db.ListedEntities.SingleAsync(e => e.Id == hits[0].EntityId, Ct);
            Assert.Equal("QDi.017", stored.SourceId);

            // The same edition again records nothing.
            var again = await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.Un, "un-xml", "UN SC"), null, Ct);
            Assert.True(again.Unchanged);
            Assert.Equal(1, await db.WatchListVersions.CountAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_newer_edition_applies_a_delta_and_records_a_version(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await SeedAsync(s);
        var dir = ListFiles.TempFolder();
        try
        {
            var file = Path.Combine(dir, "national.csv");
            File.WriteAllText(file, """
                id,name,type,aliases,dob,country,identifiers
                A1,Pieter van den Berg,person,Piet van den Berg,1962-04-17,NL,passport:NXC4R8PT1
                A2,Jan de Vries Import B.V.,organisation,,,NL,
                A3,SEA FALCON,vessel,,,PA,imo:9334567
                """);
            await using (var db = s.Open())
            {
                var first = await ListImport.ImportAsync(db, Actor.LocalOperator, Csv(file), null, Ct);
                Assert.Equal((1, 3, 3), (first.Version, first.Entries, first.Added));
            }
            var service = new ScreeningService();
            await using (var db = s.Open())
            {
                Assert.Equal("A3", (await service.ScreenAsync(db, new ScreeningQuery("Sea Falcon"), Ct))[0].SourceId);
            }

            // Next edition: A1 changes its date of birth, A3 is delisted, A4 is new.
            File.WriteAllText(file, """
                id,name,type,aliases,dob,country,identifiers
                A1,Pieter van den Berg,person,Piet van den Berg,1962-04-18,NL,passport:NXC4R8PT1
                A2,Jan de Vries Import B.V.,organisation,,,NL,
                A4,Ahmed Yilmaz,person,,1979,TR,
                """);
            await using (var db = s.Open())
            {
                var second = await ListImport.ImportAsync(db, Actor.LocalOperator, Csv(file), null, Ct);
                Assert.Equal((2, 3, 1, 1, 1), (second.Version, second.Entries, second.Added, second.Changed, second.Removed));
            }
            await using (var db = s.Open())
            {
                var delisted = await db.ListedEntities.SingleAsync(e => e.SourceId == "A3", Ct);
                Assert.Equal(2, delisted.RemovedInVersion);
                Assert.Equal(2, (await db.ListedEntities.SingleAsync(e => e.SourceId == "A1", Ct)).ChangedInVersion);

                var history = await ListCatalogue.HistoryAsync(db, "NATIONAL", 200, Ct);
                Assert.Equal([2, 1], history.Versions.Select(v => v.Number));
                Assert.Equal(["A1:Changed", "A3:Removed", "A4:Added"],
                    history.Changes.Where(c => c.Version == 2).Select(c => $"{c.SourceId}:{c.Kind}").Order(StringComparer.Ordinal));
                Assert.Equal(6, history.TotalChanges);

                // The index follows the version in force: the delisted vessel is gone, the new entry is there, hits name version 2.
                Assert.DoesNotContain(await service.ScreenAsync(db, new ScreeningQuery("Sea Falcon"), Ct), h => h.SourceId == "A3");
                var yilmaz = (await service.ScreenAsync(db, new ScreeningQuery("Ahmed Yilmaz", new PartialDate(1979)), Ct))[0];
                Assert.Equal(("A4", 2), (yilmaz.SourceId, yilmaz.ListVersion));
                var berg = (await service.ScreenAsync(db, new ScreeningQuery("Pieter van den Berg", new PartialDate(1962, 4, 18)), Ct))[0];
                Assert.Contains(berg.Explanation, f => f.Feature == "dob" && f.Detail.Contains("is listed (1962-04-18)", StringComparison.Ordinal));
            }

            // Relisting the vessel counts as added again.
            File.AppendAllText(file, "\nA3,SEA FALCON,vessel,,,PA,imo:9334567\n");
            await using (var db = s.Open())
            {
                var third = await ListImport.ImportAsync(db, Actor.LocalOperator, Csv(file), null, Ct);
                Assert.Equal((3, 1, 0, 0), (third.Version, third.Added, third.Changed, third.Removed));
                Assert.Null((await db.ListedEntities.SingleAsync(e => e.SourceId == "A3", Ct)).RemovedInVersion);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_malformed_edition_imports_nothing(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await SeedAsync(s);
        var dir = ListFiles.TempFolder();
        try
        {
            var file = Path.Combine(dir, "national.csv");
            File.WriteAllText(file, "id,name,type\nA1,Good Person,person\nA2,Second Good Person,person\n");
            await using (var db = s.Open())
            {
                await ListImport.ImportAsync(db, Actor.LocalOperator, Csv(file), null, Ct);
            }
            // The next edition has a bad row after good ones: neither the good rows nor a version land.
            File.WriteAllText(file, "id,name,type\nA1,Good Person,person\nA3,New Person,person\nA4,,person\n");
            await using (var db = s.Open())
            {
                var e = await Assert.ThrowsAsync<ValidationFailed>(() => ListImport.ImportAsync(db, Actor.LocalOperator, Csv(file), null, Ct));
                Assert.Contains("national.csv line 4", e.Message, StringComparison.Ordinal);
            }
            // A first import of a malformed file creates no list at all.
            var bad = Path.Combine(dir, "bad.xml");
            File.WriteAllText(bad, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL><INDIVIDUAL>");
            await using (var db = s.Open())
            {
                await Assert.ThrowsAsync<ValidationFailed>(() => ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(bad, "un-xml", "BROKEN", "NCA"), null, Ct));
            }
            await using (var db = s.Open())
            {
                Assert.Equal(["NATIONAL"], await db.WatchLists.Select(l => l.Name).ToListAsync(Ct));
                Assert.Equal(1, await db.WatchListVersions.CountAsync(Ct));
                Assert.Equal(["A1", "A2"], (await db.ListedEntities.Select(e => e.SourceId).ToListAsync(Ct)).Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Another_agency_cannot_import_over_a_list_it_does_not_own(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        await SeedAsync(s);
        await using var db = s.Open();
        await ListImport.ImportAsync(db, Actor.LocalOperator, new ListImportRequest(ListFiles.National, "csv", "NL NATIONAL", "NCA", Tlp.Amber), null, Ct);
        var list = await db.WatchLists.SingleAsync(Ct);
        Assert.Equal(Tlp.Amber, list.Marking);
        Assert.True(await db.ListedEntities.AllAsync(e => e.Marking == Tlp.Amber, Ct));

        var partner = db.Agencies.Single(a => a.Code == "PCA");
        var analyst = new Actor(Guid.NewGuid(), partner.Id, Roles.Analyst, "pca analyst", ActorKind.User);
        await Assert.ThrowsAsync<Forbidden>(() => ListImport.ImportAsync(db, analyst, new ListImportRequest(ListFiles.Ftm, "ftm", "NL NATIONAL"), null, Ct));
        var officer = new Actor(Guid.NewGuid(), partner.Id, Roles.Officer, "pca officer", ActorKind.User);
        await Assert.ThrowsAsync<Forbidden>(() => ListImport.ImportAsync(db, officer, new ListImportRequest(ListFiles.Ftm, "ftm", "PCA LIST"), null, Ct));
    }
}
