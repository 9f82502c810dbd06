using Cordon.Common;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>Crossings recorded at the border, the stays they make, immigration's overstayers, and the primary-line answer, on both stores.</summary>
public sealed class CrossingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ShortStayRule Rule = new() { Exempt = ["NLD"] };

    private static async Task<CrossingRecorded> RecordAsync(TestStore store, CrossingInput input, string user = "bp.officer")
    {
        await using var db = store.Open();
        return await Crossings.RecordAsync(db, await store.ActorAsync(user), input, Rule, TestClock.Real, "api", Ct);
    }

    private static CrossingInput Crossing(string kind, DateTimeOffset at, string surname = "MORALES", string nationality = "COL", string document = "AQ5512090") => new()
    {
        Kind = kind, CrossingPoint = "NLAMS", At = at, Surname = surname, GivenNames = "LUCIA", BirthDate = new DateOnly(1991, 7, 3), Nationality = nationality,
        DocumentType = "P", DocumentNumber = document, DocumentIssuingState = nationality, Purpose = "tourism",
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Crossings_make_stays_and_immigration_gets_the_overstayer_with_an_alert_at_the_exit(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var now = TestClock.Now;
        var entry = await RecordAsync(store, Crossing(CrossingKinds.Entry, now.AddDays(-100)));
        Assert.Equal((true, 1), (entry.Stay.InCountry, entry.Stay.DaysUsed));
        // Another traveller, in for ten days, and a national the rule does not cover.
        await RecordAsync(store, Crossing(CrossingKinds.Entry, now.AddDays(-10), "SATO", "JPN", "TK0091882"));
        await RecordAsync(store, Crossing(CrossingKinds.Entry, now.AddDays(-300), "BAKKER", "NLD", "NX0011223"));

        await using (var db = store.Open())
        {
            var policy = await AccessPolicy.ForAsync(db, await store.ActorAsync("bp.officer"), Purpose.Investigation, ct: Ct);
            var overstayers = await Crossings.OverstayersAsync(db, policy, Rule, DateOnly.FromDateTime(now.UtcDateTime), Ct);
            var morales = Assert.Single(overstayers);
            Assert.Equal(("MORALES", 11), (morales.Surname, morales.Stay.OverstayDays));
        }

        var exit = await RecordAsync(store, Crossing(CrossingKinds.Exit, now));
        Assert.True(exit.Stay.Overstayed);
        await using var check = store.Open();
        var nis = await check.Agencies.SingleAsync(a => a.Code == "NIS", Ct);
        var alert = await check.Alerts.SingleAsync(a => a.Kind == TravellerAlertKinds.Overstay, Ct);
        Assert.Contains(nis.Id.ToString(), alert.Recipients, StringComparison.Ordinal);
        Assert.StartsWith("Overstayed: 11 day(s) beyond 90 in 180", alert.Summary, StringComparison.Ordinal);
        Assert.True(alert.Caveats.HasFlag(Caveats.PersonalData));
        // The audit log has the crossing, not the person.
        var audit = await check.AuditEntries.Where(e => e.Action == "travellers.crossing.record").Select(e => e.Details).ToListAsync(Ct);
        Assert.Equal(4, audit.Count);
        Assert.DoesNotContain(audit, d => d!.Contains("MORALES", StringComparison.Ordinal) || d!.Contains("AQ5512090", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_crossing_with_bad_fields_is_refused_naming_each_field(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var bad = Crossing(CrossingKinds.Refusal, TestClock.Now.AddDays(1), nationality: "XYZ");
        bad.CrossingPoint = "";
        var error = await Assert.ThrowsAsync<ValidationFailed>(() => RecordAsync(store, bad));
        Assert.Equal(["at", "crossingPoint", "documentIssuingState", "nationality", "refusalReason"], error.Errors.Keys.Order(StringComparer.Ordinal));
        // An analyst of customs does not record crossings.
        await Assert.ThrowsAsync<Forbidden>(() => RecordAsync(store, Crossing(CrossingKinds.Entry, TestClock.Now), "analyst"));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_primary_line_answers_a_stolen_passport_from_a_list_with_a_referral_and_every_reason(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var born = new DateOnly(1984, 2, 29);
        await using (var db = store.Open())
        {
            await LostDocumentImport.ImportAsync(db, await store.ActorAsync("bp.admin"), "NBP lost and stolen",
                TravellerSamples.Csv("number,issuing_state,status\nUA9920114,UTO,stolen\n"), "sltd.csv", TestClock.Real, Ct);
            var actor = await store.ActorAsync("bp.officer");
            await ManifestIntake.StoreAsync(db, new ManifestContext(actor.AgencyId!.Value, actor, "test", TravellerSamples.Cards), TravellerSamples.Flight("KL692", TestClock.Now.UtcDateTime.Date.AddHours(-8),
                TravellerSamples.Person("HALVORSEN", "INGRID", "UTO", born, "UA9920114", "UTO")), TestClock.Real, Ct);
        }
        // Refused once before, under the same name, birth date and nationality (another passport).
        var refusal = Crossing(CrossingKinds.Refusal, TestClock.Now.AddDays(-40), "HALVORSEN", "UTO", "UA1000001");
        refusal.GivenNames = "INGRID";
        refusal.BirthDate = born;
        refusal.RefusalReason = "no valid visa";
        await RecordAsync(store, refusal);

        var mrz = TravellerSamples.Td3("HALVORSEN", "INGRID", "UA9920114", "UTO", born, 'F', new DateOnly(2032, 5, 1));
        await using var check = store.Open();
        var answer = await PrimaryLine.CheckAsync(check, await store.ActorAsync("bp.officer"), new NationalDocumentList(check), Rule,
            new PrimaryLineRequest(mrz), TestClock.Real, Ct);
        Assert.True(answer.Zone.Valid, string.Join("; ", answer.Zone.Problems));
        Assert.Equal(TravellerActions.ImmigrationReferral, answer.Action);
        Assert.Equal([ReasonKinds.StolenDocument, ReasonKinds.PreviousRefusal], answer.Reasons.Select(r => r.Kind));
        Assert.Equal(1, answer.PreviousRefusals);
        Assert.Equal("KL KL692 JFK-AMS", answer.Manifest?.Flight);
        Assert.Equal(TravellerActions.ImmigrationReferral, answer.Manifest?.Action);
        Assert.StartsWith("Hold the document and refer the traveller to immigration", answer.NextStep, StringComparison.Ordinal);

        // A mistyped zone still answers, naming the failing check digit.
        var typo = mrz.Replace("UA9920114", "UA9920115", StringComparison.Ordinal);
        var mistyped = await PrimaryLine.CheckAsync(check, await store.ActorAsync("bp.officer"), new NationalDocumentList(check), Rule,
            new PrimaryLineRequest(typo), TestClock.Real, Ct);
        Assert.Contains(mistyped.Reasons, r => r.Kind == ReasonKinds.MrzCheck && r.Detail.StartsWith("document number", StringComparison.Ordinal));
        Assert.Equal(TravellerActions.SecondaryInspection, mistyped.Action);
    }
}
