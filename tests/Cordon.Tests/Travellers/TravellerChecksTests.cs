using Cordon.Common;
using Cordon.Screening.Lists;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>
/// Lost and stolen documents, watch-list screening and the decision for every traveller on a stored list,
/// on both stores, with the demo agencies (NBP receives the lists, NIS is immigration, NCA keeps a watch list).
/// </summary>
public sealed class TravellerChecksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime Departure = new(2026, 12, 6, 9, 40, 0);

    private static async Task<LostDocumentImportResult> ImportStolenAsync(TestStore store, string csv, string edition = "nbp-sltd.csv")
    {
        await using var db = store.Open();
        return await LostDocumentImport.ImportAsync(db, await store.ActorAsync("bp.admin"), "NBP lost and stolen", TravellerSamples.Csv(csv), edition, TestClock.Real, Ct);
    }

    private static async Task<ManifestResult> ReceiveAsync(TestStore store, ManifestInput input, ITravelDocumentCheck? documents = null)
    {
        await using var db = store.Open();
        var actor = await store.ActorAsync("bp.officer");
        return await ManifestIntake.StoreAsync(db, new ManifestContext(actor.AgencyId!.Value, actor, "test", TravellerSamples.Cards) { Documents = documents }, input, TestClock.Real, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_lost_and_stolen_list_is_kept_in_versions_and_the_same_edition_again_changes_nothing(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var first = await ImportStolenAsync(store, TravellerSamples.StolenList);
        Assert.Equal((1, false, 3, 3, 0), (first.Version, first.Unchanged, first.Entries, first.Added, first.Removed));
        var again = await ImportStolenAsync(store, TravellerSamples.StolenList);
        Assert.Equal((1, true), (again.Version, again.Unchanged));

        // The Belgian card is withdrawn from the list, the Utopian passport is now reported stolen, a new one is lost.
        var second = await ImportStolenAsync(store, """
            number,issuing_state,type,status,reported
            X4471920,NLD,P,stolen,2026-09-14
            K0082213,UTO,P,stolen,2026-05-02
            Z7781100,DEU,P,lost,2026-11-30
            """, "nbp-sltd-2.csv");
        Assert.Equal((2, 3, 1, 1, 1), (second.Version, second.Entries, second.Added, second.Changed, second.Removed));

        await using var db = store.Open();
        Assert.Equal([1, 2], await db.LostDocumentListVersions.OrderBy(v => v.Number).Select(v => v.Number).ToListAsync(Ct));
        var belgian = await db.LostDocuments.SingleAsync(d => d.Number == "CD91044", Ct);
        Assert.Equal((1, (int?)2), (belgian.AddedInVersion, belgian.RemovedInVersion));
        // A removed entry no longer reports the document.
        var found = await new NationalDocumentList(db).CheckAsync([new DocumentQuery("CD 91044", "BEL"), new DocumentQuery("k0082213", "UTO")], Ct);
        Assert.Equal([("K0082213", "stolen")], found.Select(f => (f.Number, f.Status)));
        Assert.Contains("version 2", found[0].Source, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_bad_line_refuses_the_edition_naming_the_line_and_the_column(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var error = await Assert.ThrowsAsync<ValidationFailed>(() => ImportStolenAsync(store, """
            number,issuing_state,status
            X4471920,NLD,stolen
            K0082213,UTO,misplaced
            """, "bad.csv"));
        var (field, messages) = Assert.Single(error.Errors);
        Assert.Equal("bad.csv line 3", field);
        Assert.StartsWith("status: 'misplaced' is not one of lost, stolen", messages.Single(), StringComparison.Ordinal);
        await using var db = store.Open();
        Assert.Equal(0, await db.LostDocuments.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_traveller_with_a_stolen_passport_is_referred_to_immigration_with_the_reason_named_and_immigration_alerted(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        await ImportStolenAsync(store, TravellerSamples.StolenList);
        var result = await ReceiveAsync(store, TravellerSamples.Flight("KL642", Departure,
            TravellerSamples.Person("DE VRIES", "ANNA", "NLD", new DateOnly(1980, 3, 1), "X4471920", "NLD"),
            TravellerSamples.Person("JANSEN", "PIETER", "NLD", new DateOnly(1975, 6, 9), "X9000001", "NLD"),
            // The same number from another state is another document.
            TravellerSamples.Person("OKAFOR", "CHIDI", "NGA", new DateOnly(1990, 1, 20), "X4471920", "NGA", expiry: new DateOnly(2026, 1, 31))));
        Assert.Equal(ManifestOutcome.Accepted, result.Outcome);

        await using var db = store.Open();
        var travellers = await db.Travellers.OrderBy(t => t.Seq).ToListAsync(Ct);
        Assert.Equal([TravellerActions.ImmigrationReferral, TravellerActions.None, TravellerActions.SecondaryInspection], travellers.Select(t => t.Action));
        var stolen = Assert.Single(travellers[0].Reasons!);
        Assert.Equal(ReasonKinds.StolenDocument, stolen.Kind);
        Assert.Equal("The passport issued by NLD is reported stolen on NBP lost and stolen version 1, reported 2026-09-14.", stolen.Detail);
        Assert.Empty(travellers[1].Reasons!);
        Assert.Equal([ReasonKinds.ExpiredDocument], travellers[2].Reasons!.Select(r => r.Kind));

        var nis = await db.Agencies.SingleAsync(a => a.Code == "NIS", Ct);
        var alert = await db.Alerts.SingleAsync(a => a.Kind == TravellerAlertKinds.Referral, Ct);
        Assert.Equal((RecordTypes.Traveller, travellers[0].Id.ToString(), "NIS"), (alert.RecordType, alert.RecordId, alert.ReferredTo));
        Assert.Contains(nis.Id.ToString(), alert.Recipients, StringComparison.Ordinal);
        // Derived from the traveller: its owner, marking and personal-data caveat.
        Assert.Equal((travellers[0].OwningAgencyId, Tlp.Amber), (alert.OwningAgencyId, alert.Marking));
        Assert.True(alert.Caveats.HasFlag(Caveats.PersonalData));
        Assert.Contains("reported stolen", alert.Summary, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_outside_document_service_plugs_in_through_the_adapter_in_place_of_the_national_list(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var service = new ReportingDocumentService("SLTD (test double)", ("P1200344", "UTO", LostDocumentStatuses.Invalidated));
        await ReceiveAsync(store, TravellerSamples.Flight("KL644", Departure,
            TravellerSamples.Person("ERIKSSON", "ANNA MARIA", "UTO", new DateOnly(1974, 8, 12), "P1200344", "UTO")), service);
        Assert.Equal(1, service.Calls);
        await using var db = store.Open();
        var traveller = await db.Travellers.SingleAsync(Ct);
        Assert.Equal(TravellerActions.ImmigrationReferral, traveller.Action);
        Assert.Equal("The passport issued by UTO is reported invalidated on SLTD (test double).", Assert.Single(traveller.Reasons!).Detail);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_traveller_is_screened_and_a_block_hit_on_a_list_another_agency_keeps_alerts_that_agency(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var path = Path.Combine(Cordon.Tests.Screening.ListFiles.TempFolder(), "wanted.csv");
        await File.WriteAllTextAsync(path, """
            id,name,type,aliases,dob,country,identifiers
            W-1,Kasimir Andrejevic Volkov,person,,1961-04-02,RS,passport:RS0044179
            W-2,Marta Ilyina,person,,1988-11-30,RU,
            """, Ct);
        await using (var db = store.Open())
        {
            await ListImport.ImportAsync(db, await store.ActorAsync("analyst"), new ListImportRequest(path, "csv", "NCA WANTED", "NCA", Tlp.Amber), null, Ct);
        }
        await ReceiveAsync(store, TravellerSamples.Flight("KL1010", Departure,
            TravellerSamples.Person("VOLKOV", "KASIMIR ANDREJEVIC", "SRB", new DateOnly(1961, 4, 2), "RS0044179", "SRB"),
            TravellerSamples.Person("NOWAK", "EWA", "POL", new DateOnly(1992, 2, 2), "EN1234567", "POL")));

        await using var check = store.Open();
        var travellers = await check.Travellers.OrderBy(t => t.Seq).ToListAsync(Ct);
        var hit = await check.ScreeningHits.SingleAsync(Ct);
        Assert.Equal((RecordTypes.Traveller, travellers[0].Id, "traveller", "block"), (hit.RecordType, hit.RecordId, hit.PartyRole, hit.Band));
        // The engine's explanation is kept with the hit: the passport number was a strong identifier.
        Assert.Contains("passport RS0044179 is on the list entry", hit.Explanation, StringComparison.Ordinal);
        Assert.Equal(TravellerActions.AgencyAlert, travellers[0].Action);
        var reason = Assert.Single(travellers[0].Reasons!);
        Assert.Equal(ReasonKinds.WatchList, reason.Kind);
        Assert.StartsWith("Matches 'Kasimir Andrejevic Volkov' on NCA WANTED version 1", reason.Detail, StringComparison.Ordinal);
        Assert.Equal(TravellerActions.None, travellers[1].Action);

        var nca = await check.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
        var alert = await check.Alerts.SingleAsync(a => a.Kind == TravellerAlertKinds.WatchList, Ct);
        Assert.Contains(nca.Id.ToString(), alert.Recipients, StringComparison.Ordinal);
        Assert.Equal(travellers[0].Id.ToString(), alert.RecordId);

        // The carrier's update replaces the list: the earlier travellers' hits go with them, the new ones are screened again.
        var update = TravellerSamples.Flight("KL1010", Departure,
            TravellerSamples.Person("VOLKOV", "KASIMIR ANDREJEVIC", "SRB", new DateOnly(1961, 4, 2), "RS0044179", "SRB"));
        update.MessageReference = "KL1010-20261206-2";
        Assert.Equal(ManifestOutcome.Replaced, (await ReceiveAsync(store, update)).Outcome);
        await using var after = store.Open();
        var replacement = await after.Travellers.SingleAsync(Ct);
        Assert.Equal(replacement.Id, (await after.ScreeningHits.SingleAsync(Ct)).RecordId);
    }
}
