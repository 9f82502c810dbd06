using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Language;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>
/// Criteria written for travellers: the language's traveller schema, criteria that carry their subject, and the
/// list owner's criteria deciding on each traveller of a stored list (NBP receives the lists, NIS is immigration,
/// NCA stands in for another agency to alert).
/// </summary>
public sealed class TravellerCriteriaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_traveller_schema_checks_names_against_travellers_and_refuses_goods_fields_and_statistics()
    {
        Assert.True(RiskExpression.Check("minor and not any(companions, not companion.minor and companion.surname == surname)", RiskSchema.Travellers).Ok);
        Assert.True(RiskExpression.Check("origin in (\"LOS\", \"ACC\") and booking_days <= 3 and payment == \"CA\"", RiskSchema.Travellers).Ok);

        var item = RiskExpression.Check("item.hs6 == \"240220\"", RiskSchema.Travellers);
        Assert.False(item.Ok);
        Assert.Contains("unknown name 'item'", item.Describe(), StringComparison.Ordinal);
        Assert.Contains("unknown name 'stats'", RiskExpression.Check("age < stats.p10(\"240220\")", RiskSchema.Travellers).Describe(), StringComparison.Ordinal);
        // And the other way round: a declaration has no travellers' fields.
        Assert.Contains("unknown name 'alone'", RiskExpression.Check("alone and origin == \"NG\"").Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Facts_count_companions_shared_cards_and_contacts_on_the_list_and_an_unknown_booking_day_fires_nothing()
    {
        var manifest = Manifest();
        var card = BookingPayment.HashCard("5500 0000 0000 0004");
        var a = Traveller(manifest, 1, "EZE", new DateOnly(2004, 2, 11), "G1", card, "+234 803 555 0199", oneWay: true);
        var b = Traveller(manifest, 2, "OKORO", new DateOnly(2005, 8, 3), "G1", card, "+234 803 555 0199", oneWay: true);
        var c = Traveller(manifest, 3, "UDOH", new DateOnly(2011, 9, 14), "G2", null, "+234-803-555-0199", oneWay: true);
        var alone = Traveller(manifest, 4, "BELLO", null, null, null, null, oneWay: false);
        alone.Booking = null;
        var facts = TravellerCriteria.Facts(manifest, [a, b, c, alone], new Dictionary<Guid, List<TravellerReason>>(),
            new Dictionary<Guid, TravellerHistory> { [b.Id] = new(4, 1, true) });

        Assert.Equal((2.0, 2.0, true, false), (facts[a.Id].SameCardTravellers, facts[a.Id].SameContactBookings, facts[a.Id].OneWay, facts[a.Id].Alone));
        Assert.Equal(["OKORO"], facts[a.Id].Companions.Select(x => x.Surname));
        Assert.Equal((15.0, true, 0.0, true), (facts[c.Id].Age, facts[c.Id].Minor, facts[c.Id].SameCardTravellers, facts[c.Id].Alone));
        Assert.Equal("LOS AMS", facts[a.Id].Route);
        Assert.Equal((2.0, "CC"), (facts[a.Id].BookingDays, facts[a.Id].Payment));
        Assert.Equal((4.0, 1.0, true), (facts[b.Id].PreviousCrossings, facts[b.Id].PreviousRefusals, facts[b.Id].Overstayed));
        Assert.Equal((false, double.NaN, double.NaN), (facts[alone.Id].Booked, facts[alone.Id].BookingDays, facts[alone.Id].Age));

        // Unknown numbers never fire: a traveller without a booking is not "booked late".
        var late = CriteriaSet.Compile([new CriterionDefinition(Guid.NewGuid(), "late", 1, "booking_days <= 3", CriterionStatus.Active, null, null, null)], RiskSchema.Travellers);
        var scope = new EvaluationScope();
        Assert.Single(late.Evaluate(facts[a.Id], scope, manifest.DepartureDate).Fired);
        Assert.Empty(late.Evaluate(facts[alone.Id], scope, manifest.DepartureDate).Fired);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_criterion_on_travellers_is_saved_with_its_subject_and_refuses_score_and_lane_naming_the_fields(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        await using var db = store.Open();
        var analyst = Analyst(await store.ActorAsync("bp.officer"));
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("Scored traveller", "alone", Weight: 20, Lane: "red", Subject: "traveller"), Ct));
        Assert.Equal(["lane", "weight"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        var wrongSchema = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("Goods on a traveller", "item.hs4 == \"2402\"", Subject: "traveller"), Ct));
        Assert.Contains("unknown name 'item'", wrongSchema.Errors["expression"].Single(), StringComparison.Ordinal);
        Assert.Equal(["subject"], (await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("Bad subject", "alone", Subject: "vessel"), Ct))).Errors.Keys);

        // No action named is a valid criterion on travellers: it sends to secondary inspection.
        var saved = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Alone on a one-way ticket", "alone and one_way", Status: "active", Subject: "traveller"), Ct);
        Assert.Equal(("traveller", "secondary inspection"), (saved.Subject, saved.ActionsText));
        var change = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.UpdateAsync(db, analyst, saved.Id, new CriterionRequest(Subject: "declaration"), Ct));
        Assert.Contains("subject", change.Errors.Keys);
        await using var check = store.Open();
        Assert.Equal(CriterionSubject.Traveller, (await check.RiskCriterionVersions.SingleAsync(v => v.CriterionId == saved.Id, Ct)).Subject);
        // Declarations' live set leaves it out (its names mean nothing there), the travellers' set has it.
        var nbp = analyst.AgencyId!.Value;
        Assert.Equal(0, (await RiskCriteria.LiveSetAsync(check, nbp, Ct)).Count);
        Assert.Equal(1, (await RiskCriteria.LiveSetAsync(check, nbp, CriterionSubject.Traveller, Ct)).Count);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_list_owners_criteria_refer_alert_or_send_to_secondary_and_a_shadow_one_is_only_recorded(string kind)
    {
        await using var store = await DemoActors.SeededStoreAsync(kind);
        var officer = await store.ActorAsync("bp.officer");
        var analyst = Analyst(officer);
        await using (var db = store.Open())
        {
            foreach (var request in new[]
            {
                new CriterionRequest("Group on one card", "same_card_travellers >= 3 and one_way", ReferTo: "NIS", Status: "active", Subject: "traveller"),
                new CriterionRequest("Minor with unrelated adults", "minor and count(companions, not companion.minor) > 0 and not any(companions, companion.surname == surname)",
                    ReferTo: "NCA", Status: "active", Subject: "traveller"),
                new CriterionRequest("Booked late", "booking_days <= 3", Status: "active", Subject: "traveller"),
                new CriterionRequest("Cash", "payment == \"CA\"", Status: "shadow", Subject: "traveller"),
            })
            {
                await RiskCriteria.CreateAsync(db, analyst, request, Ct);
            }
        }
        var card = BookingPayment.HashCard("5500 0000 0000 0004");
        var input = new ManifestInput
        {
            Carrier = "KL", Transport = "KL588", Mode = "air", List = "passengers", Departure = "LOS", Arrival = "AMS",
            DepartureTime = new DateTime(2026, 12, 6, 1, 0, 0), ArrivalTime = new DateTime(2026, 12, 6, 8, 0, 0), MessageReference = "KL588-T1",
            Travellers =
            [
                Booked("EZE", new DateOnly(2004, 2, 11), "G1", card, "CC", 2),
                Booked("OKORO", new DateOnly(2005, 8, 3), "G1", card, "CC", 2),
                Booked("NWOSU", new DateOnly(2003, 11, 19), "G1", card, "CC", 2),
                Booked("ADEYEMI", new DateOnly(2011, 6, 2), "K9", null, "CA", 30),
                Booked("OKAFOR", new DateOnly(1979, 10, 30), "K9", null, "CA", 30),
                Booked("BELLO", new DateOnly(1975, 3, 12), "F4", null, "CC", 40),
            ],
        };
        await using (var db = store.Open())
        {
            await ManifestIntake.StoreAsync(db, new ManifestContext(officer.AgencyId!.Value, officer, "test", TravellerSamples.Cards), input, TestClock.Real, Ct);
        }

        await using var read = store.Open();
        var travellers = await read.Travellers.AsNoTracking().Where(t => t.Transport == "KL588").ToDictionaryAsync(t => t.Surname, Ct);
        var eze = travellers["EZE"];
        Assert.Equal(TravellerActions.ImmigrationReferral, eze.Action);
        Assert.Contains(eze.Reasons!, r => r.Kind == ReasonKinds.Criterion && r.Detail == "Criterion 'Group on one card' v1 fired: refer to NIS.");
        Assert.Contains(eze.Reasons!, r => r.Kind == ReasonKinds.Criterion && r.Action == TravellerActions.SecondaryInspection && r.Detail.Contains("'Booked late'", StringComparison.Ordinal));
        var child = travellers["ADEYEMI"];
        Assert.Equal(TravellerActions.AgencyAlert, child.Action);
        Assert.Equal(["Criterion 'Cash' v1 fired (shadow: no action).", "Criterion 'Minor with unrelated adults' v1 fired: alert NCA."],
            child.Reasons!.Where(r => r.Kind == ReasonKinds.Criterion).Select(r => r.Detail).Order(StringComparer.Ordinal));
        Assert.Equal(TravellerActions.None, travellers["OKAFOR"].Action); // the shadow criterion changes nothing
        Assert.Equal(TravellerActions.None, travellers["BELLO"].Action);

        // The child's alert goes to NCA (and the owner), inheriting the traveller's marking; the group's referral to NIS.
        var nca = await read.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
        var alert = await read.Alerts.SingleAsync(a => a.Kind == TravellerAlertKinds.Criterion, Ct);
        Assert.Equal((child.Id.ToString(), child.Marking), (alert.RecordId, alert.Marking));
        Assert.Contains("Minor with unrelated adults", alert.Summary, StringComparison.Ordinal);
        Assert.Contains(nca.Id.ToString(), alert.Recipients!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, await read.Alerts.CountAsync(a => a.Kind == TravellerAlertKinds.Referral && a.Summary.Contains("Group on one card"), Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_ships_trafficking_indicators_that_refer_the_planted_group_and_the_child_and_spare_the_family(string kind)
    {
        await using var host = await CordonHost.StartAsync(kind);
        var border = await host.AsAsync("bp.officer", "investigation");
        var criteria = await (await border.GetAsync("/api/risk/criteria", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var indicators = criteria.EnumerateArray().Where(c => c.GetProperty("subject").GetString() == "traveller").Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(TravellerDemo.TraffickingIndicators.Select(i => i.Name!).Order(StringComparer.Ordinal), indicators.Order(StringComparer.Ordinal));

        await using var db = host.Store.Open();
        var kl588 = await db.Travellers.AsNoTracking().Where(t => t.Transport == "KL588").ToListAsync(Ct);
        var referred = kl588.Where(t => t.Reasons!.Any(r => r.Kind == ReasonKinds.Criterion && r.Action == TravellerActions.ImmigrationReferral))
            .Select(t => t.Surname).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ADEBAYO", "ADEYEMI", "EZE", "NWOSU", "OBI", "OKORO", "UDOH"], referred);
        Assert.DoesNotContain(kl588.Where(t => t.Surname == "BELLO"), t => t.Action != TravellerActions.None);

        // Immigration finds the referrals in its inbox, each naming the indicator.
        var immigration = await host.AsAsync("nis.officer", "investigation");
        var alerts = await (await immigration.GetAsync("/api/alerts?limit=200", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("title").GetString()!.StartsWith("Traveller referred to immigration: KL KL588", StringComparison.Ordinal)
            && a.GetProperty("summary").GetString()!.Contains("Trafficking: minor with unrelated adults", StringComparison.Ordinal));

        // The criteria page lists them as criteria on travellers; the editor shows the traveller fields.
        var page = await border.GetStringAsync("/risk/criteria", Ct);
        Assert.Contains("data-testid=\"on-travellers\"", page, StringComparison.Ordinal);
        var id = criteria.EnumerateArray().First(c => c.GetProperty("subject").GetString() == "traveller").GetProperty("id").GetGuid();
        var editor = await border.GetAsync($"/risk/criteria/edit/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        var html = await editor.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<code>companion.surname</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>item.hs6</code>", html, StringComparison.Ordinal);
    }

    private static Actor Analyst(Actor officer) => officer with { Roles = Roles.Analyst };

    private static PassengerManifest Manifest() => new()
    {
        OwningAgencyId = Guid.NewGuid(), Carrier = "KL", Transport = "KL588", Mode = "air", List = "passengers", Departure = "LOS", Arrival = "AMS",
        DepartureDate = new DateOnly(2026, 12, 6), Route = "LOS AMS", MessageReference = "T", ContentHash = new byte[32], UpdatedBy = "test",
        FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
    };

    private static Traveller Traveller(PassengerManifest m, int seq, string surname, DateOnly? born, string? booking, string? card, string? phone, bool oneWay) => new()
    {
        ManifestId = m.Id, Seq = seq, OwningAgencyId = m.OwningAgencyId, Carrier = m.Carrier, Transport = m.Transport, DepartureDate = m.DepartureDate,
        Role = "passenger", Surname = surname, BirthDate = born, Nationality = "NGA", BookingReference = booking,
        Booking = new TravellerBooking
        {
            Created = new DateTime(2026, 12, 4, 10, 0, 0), Phones = phone is null ? [] : [phone],
            Payments = [new BookingPayment { Type = "CC", CardHash = card }],
            Itinerary = oneWay ? [new BookedFlight { Departure = "LOS", Arrival = "AMS" }] : [new BookedFlight { Departure = "LOS", Arrival = "AMS" }, new BookedFlight { Departure = "AMS", Arrival = "LOS" }],
        },
    };

    private static TravellerInput Booked(string surname, DateOnly born, string reference, string? card, string payment, int bookedDaysBefore) => new()
    {
        Role = "passenger", Surname = surname, GivenNames = "T", Nationality = "NGA", BirthDate = born, BookingReference = reference,
        Documents = [new TravelDocumentInput { Type = "P", Number = $"{surname[..3]}{born:yyMMdd}", IssuingState = "NGA", Expiry = new DateOnly(2031, 1, 1) }],
        Booking = new TravellerBooking
        {
            Created = new DateTime(2026, 12, 6).AddDays(-bookedDaysBefore),
            Payments = [new BookingPayment { Type = payment, CardHash = card }],
            Itinerary = [new BookedFlight { Carrier = "KL", Flight = "588", Departure = "LOS", Arrival = "AMS" }],
        },
    };
}
