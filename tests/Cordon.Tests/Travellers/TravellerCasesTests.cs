using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Cordon.Travellers;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Travellers;

/// <summary>
/// A traveller's links to earlier cases where the same person appears: by the traveller record itself, by an earlier
/// traveller with the same document or the same name and date of birth, or the document number on the case; each with its
/// status, and only cases the reader may read with their persons.
/// </summary>
public sealed class TravellerCasesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<Traveller>> ReceiveAsync(TestStore store, Actor officer, string transport, DateTime departure, params TravellerInput[] travellers)
    {
        await using var db = store.Open();
        var result = await ManifestIntake.StoreAsync(db, new ManifestContext(officer.AgencyId!.Value, officer, "test", TravellerSamples.Cards),
            TravellerSamples.Flight(transport, departure, travellers), TestClock.Real, Ct);
        return await db.Travellers.AsNoTracking().Include(t => t.Documents).Where(t => t.ManifestId == result.Id).OrderBy(t => t.Seq).ToListAsync(Ct);
    }

    private static async Task<Guid> CaseAsync(TestStore store, Actor actor, string title, params NewPerson[] persons)
    {
        await using var db = store.Open();
        var opened = await EnforcementCases.CreateAsync(db, actor, new NewCase(title, null, null, "TLP:AMBER"), Ct);
        foreach (var p in persons)
        {
            await EnforcementCases.AddPersonAsync(db, actor, opened.Id, p, Ct);
        }
        return opened.Id;
    }

    private static async Task<IReadOnlyList<EarlierCase>> EarlierAsync(TestStore store, Actor reader, Guid traveller)
    {
        await using var db = store.Open();
        var policy = await AccessPolicy.ForAsync(db, reader, Purpose.Investigation, ct: Ct);
        var shown = await TravellerQueries.GetAsync(db, policy, traveller, Ct);
        return await TravellerCases.EarlierAsync(db, policy, shown.Traveller, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_traveller_lists_the_cases_naming_the_same_person_with_their_status_and_by_what_they_matched_and_none_it_may_not_read(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("bp.officer");
        var devries = TravellerSamples.Person("DE VRIES", "ANNA", "NLD", new DateOnly(1980, 3, 1), "X4471920", "NLD");
        var earlier = await ReceiveAsync(s, officer, "KL641", new DateTime(2026, 10, 1, 9, 40, 0), devries,
            TravellerSamples.Person("KOVAC", "MARKO", "HRV", new DateOnly(1970, 1, 1), "HR1110001", "HRV"),
            TravellerSamples.Person("NOWAK", "EWA", "POL", new DateOnly(1992, 2, 2), "EN1234567", "POL"));
        // A month later: De Vries on the same passport, Kovac on a new one, Nowak not at all, Lind never in a case.
        var later = await ReceiveAsync(s, officer, "KL643", new DateTime(2026, 11, 3, 9, 40, 0), devries,
            TravellerSamples.Person("KOVAC", "MARKO", "HRV", new DateOnly(1970, 1, 1), "HR2220002", "HRV"),
            TravellerSamples.Person("LIND", "ELSA", "SWE", new DateOnly(1985, 5, 5), "SE5550005", "SWE"),
            TravellerSamples.Person("WOLF", "JONAS", "DEU", new DateOnly(1979, 7, 7), "C01X00T47", "DEU"));
        var (devriesEarlier, kovacEarlier, nowakEarlier) = (earlier[0], earlier[1], earlier[2]);
        var (devriesNow, kovacNow, lindNow, wolfNow) = (later[0], later[1], later[2], later[3]);

        var ring = await CaseAsync(s, officer, "Stolen passport ring", new NewPerson("suspect", "Anna de Vries", null, "NL", false, devriesEarlier.Id));
        var witness = await CaseAsync(s, officer, "Smuggling on KL641", new NewPerson("witness", "Marko Kovac", null, "HR", false, kovacEarlier.Id),
            new NewPerson("suspect", "Ewa Nowak", null, "PL", false, nowakEarlier.Id));
        var today = await CaseAsync(s, officer, "Referral at Schiphol", new NewPerson("subject", "Anna de Vries", null, "NL", false, devriesNow.Id));
        // A case of NBP's naming Wolf only by his passport number.
        var byNumber = await CaseAsync(s, officer, "Forged visas", new NewPerson("suspect", "J. Wolf", "C01X00T47", "DE", false));
        // Customs' case naming De Vries's passport: NBP has no agreement to read NCA's cases.
        await CaseAsync(s, await s.ActorAsync("officer"), "Customs: undeclared cash", new NewPerson("suspect", "Anna de Vries", "X4471920", "NL", false));
        await using (var db = s.Open())
        {
            var closing = await db.Cases.SingleAsync(c => c.Id == witness, Ct);
            closing.Status = CaseStatus.Closed;
            await db.SaveChangesAsync(Ct);
        }

        var forDevries = await EarlierAsync(s, officer, devriesNow.Id);
        Assert.Equal([today, ring], forDevries.Select(c => c.Id));
        Assert.Equal([CaseMatches.ThisTraveller], forDevries[0].MatchedBy);
        Assert.Equal([CaseMatches.Document, CaseMatches.NameAndBirthDate], forDevries[1].MatchedBy);
        Assert.Equal(("Stolen passport ring", "open", "NBP"), (forDevries[1].Title, forDevries[1].Status, forDevries[1].Lead));
        Assert.Equal(["suspect"], forDevries[1].Roles);
        Assert.DoesNotContain(forDevries, c => c.Title.StartsWith("Customs", StringComparison.Ordinal));

        // Kovac renewed his passport: found by name and date of birth, in a closed case (the other person of that case is not him).
        var forKovac = Assert.Single(await EarlierAsync(s, officer, kovacNow.Id));
        Assert.Equal((witness, "closed"), (forKovac.Id, forKovac.Status));
        Assert.Equal([CaseMatches.NameAndBirthDate], forKovac.MatchedBy);
        Assert.Equal(["witness"], forKovac.Roles);
        Assert.Equal(byNumber, Assert.Single(await EarlierAsync(s, officer, wolfNow.Id)).Id);
        Assert.Equal([CaseMatches.Identifier], (await EarlierAsync(s, officer, wolfNow.Id))[0].MatchedBy);
        Assert.Empty(await EarlierAsync(s, officer, lindNow.Id));

        // Customs reads its own case, but not NBP's traveller: the case is found only from a traveller the reader may read.
        Assert.Equal("Customs: undeclared cash", Assert.Single(await CustomsCasesAsync(s)));
        var customs = await s.ActorAsync("officer");
        await using (var db = s.Open())
        {
            var policy = await AccessPolicy.ForAsync(db, customs, Purpose.Investigation, ct: Ct);
            await Assert.ThrowsAnyAsync<CordonException>(() => TravellerQueries.GetAsync(db, policy, devriesNow.Id, Ct));
        }
    }

    private static async Task<List<string>> CustomsCasesAsync(TestStore s)
    {
        await using var db = s.Open();
        return await db.CasePersons.Where(p => p.Identifier == "X4471920").Join(db.Cases, p => p.CaseId, c => c.Id, (p, c) => c.Title).ToListAsync(Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_reading_the_traveller_without_personal_data_matches_nothing_and_a_case_it_may_read_without_its_persons_is_not_linked(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var officer = await s.ActorAsync("bp.officer");
        var person = TravellerSamples.Person("DE VRIES", "ANNA", "NLD", new DateOnly(1980, 3, 1), "X4471920", "NLD");
        var earlier = (await ReceiveAsync(s, officer, "KL641", new DateTime(2026, 10, 1, 9, 40, 0), person))[0];
        var now = (await ReceiveAsync(s, officer, "KL643", new DateTime(2026, 11, 3, 9, 40, 0), person))[0];
        await CaseAsync(s, officer, "Stolen passport ring", new NewPerson("suspect", "Anna de Vries", null, "NL", false, earlier.Id));
        // A case naming this very record: readable perhaps, but its persons are withheld, so it cannot say the person is in it.
        await CaseAsync(s, officer, "Referral at Schiphol", new NewPerson("subject", "Anna de Vries", null, "NL", false, now.Id));
        await using (var db = s.Open())
        {
            // NIS reads NBP's travellers and cases, without the personal-data clause: names, birth dates, document numbers and the case's persons are withheld.
            var at = TestClock.Now;
            var proposed = await Agreements.ProposeAsync(db, await s.ActorAsync("bp.admin"), new AgreementTerms("NBP travellers and cases for NIS", "NBP", "NIS",
                [RecordTypes.Traveller, RecordTypes.Case], "TLP:AMBER", ["investigation"], [new RedactionRule([RedactionRule.PersonalData])], false, at.AddDays(-1), at.AddYears(1)), at, Ct);
            await Agreements.ApproveAsync(db, await s.ActorAsync("nis.admin"), proposed.Id, at, Ct);
        }
        var immigration = await s.ActorAsync("nis.officer");
        Assert.Empty(await EarlierAsync(s, immigration, now.Id));
        // The owner sees both links.
        Assert.Equal(2, (await EarlierAsync(s, officer, now.Id)).Count);
    }
}
