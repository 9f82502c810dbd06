using Cordon.Identity;
using Cordon.Operations;
using Cordon.Resources;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Resources;

/// <summary>The capacity view of one agency, on a small case worked out by hand.</summary>
public sealed class CapacityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Needed_available_gaps_and_expiries_over_ten_days_come_out_as_worked_by_hand(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await SeedCaseAsync(s);

        var bp = await s.ActorAsync("bp.officer");
        await using var read = s.Open();
        var view = await Capacity.ForAgencyAsync(read, bp, 10, Now, Ct);

        Assert.Equal("NBP", view.Agency);
        Assert.Equal(Now.AddDays(10), view.Until);
        Assert.Equal(
            [
                new CapacityLine("firearms", 2, 0, 2, 1, ["P4"]),
                new CapacityLine("boat-licence", 4, 1, 3, 1, ["P8", "P1", "P2", "P3"]),
                new CapacityLine("first-aid", 4, 3, 1, 0, ["P8", "P1", "P2", "P3"]),
            ],
            view.Lines, CapacityLineComparer.Instance);
        Assert.Equal(6, view.TotalGap);
        Assert.Equal([("bp.admin", "firearms", Now.AddDays(2)), ("nbp.two", "boat-licence", Now.AddDays(5))],
            view.Expiries.Select(e => (e.User, e.Qualification, e.ValidUntil)).ToList());

        await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => Capacity.ForAgencyAsync(read, bp, 0, Now, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_operations_and_a_patrol_procedures_needs_count_on_the_patrols_they_apply_to_as_worked_by_hand(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await SeedCaseAsync(s);
        await using (var db = s.Open())
        {
            var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, Ct);
            var nbp = agencies["NBP"].Id;
            var seat = await db.Users.FirstAsync(Ct);
            // A second operation needing firearms, with P9 (no kind) overlapping the green-border P4 on day 2.
            var second = new Operation { CreatedAt = TestClock.Now, Name = "Armed case", AreaGeoJson = "{}", OwningAgencyId = nbp, StartsAt = Now, EndsAt = Now.AddDays(30), Needs = ["firearms"] };
            db.Operations.Add(second);
            var p9 = new Patrol { CreatedAt = TestClock.Now, Name = "P9", OperationId = second.Id, AreaGeoJson = "{}", StartsAt = Now.AddHours(56), EndsAt = Now.AddHours(64), OwningAgencyId = nbp };
            db.Patrols.Add(p9);
            db.PatrolAssignments.Add(new PatrolAssignment { PatrolId = p9.Id, UserId = seat.Id, UserAgencyId = seat.AgencyId, StartsAt = p9.StartsAt, EndsAt = p9.EndsAt });
            Cordon.Procedures.Procedure Sop(string reference, string process, string scope, int? current, params string[] needs) => new()
            {
                Reference = reference, Title = reference, OwningAgencyId = nbp, ScopeAgencies = [scope], ScopeRoles = Roles.Officer, Processes = [process],
                CurrentVersion = current, LatestVersion = 1, Needs = needs, CreatedBy = "test", UpdatedBy = "test",
            };
            db.Procedures.AddRange(
                Sop("SOP-NBP-0901", "patrol", "NBP", 1, "dog-handler"),          // in force, governs NBP's patrols: every one needs a dog handler
                Sop("SOP-NBP-0902", "patrol", "NBP", null, "scanner-operator"),  // a draft: needs nothing yet
                Sop("SOP-NBP-0903", "inspection", "NBP", 1, "drone-pilot"),      // governs inspections, not patrols
                Sop("SOP-NBP-0904", "patrol", "PCA", 1, "drone-pilot"));         // for another agency's patrols
            await db.SaveChangesAsync(Ct);
        }

        await using var read = s.Open();
        var view = await Capacity.ForAgencyAsync(read, await s.ActorAsync("bp.officer"), 10, Now, Ct);
        Assert.Equal(
            [
                // Every NBP patrol in the period: P1 2 + P2 1 + P7 4 at once on day 1 from 10:00 to 14:00.
                new CapacityLine("dog-handler", 7, 0, 7, 0, ["P8", "P1", "P7", "P2", "P3", "P4", "P9"]),
                // P4's 2 by its kind and P9's 1 by its operation, overlapping on day 2.
                new CapacityLine("firearms", 3, 0, 3, 1, ["P4", "P9"]),
                new CapacityLine("boat-licence", 4, 1, 3, 1, ["P8", "P1", "P2", "P3"]),
                new CapacityLine("first-aid", 4, 3, 1, 0, ["P8", "P1", "P2", "P3"]),
            ],
            view.Lines, CapacityLineComparer.Instance);
        Assert.Equal(14, view.TotalGap);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Each_unit_counts_its_own_patrols_and_people_as_worked_by_hand_and_the_units_add_up_to_the_agency(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await SeedCaseAsync(s);
        const string River = "Maas river unit", Land = "Kempen team";
        await using (var db = s.Open())
        {
            // The river patrols (and P5, after the period) are the river unit's, P4 and P7 the land team's; every NBP person is in one.
            var nbp = await db.Agencies.Where(a => a.Code == "NBP").Select(a => a.Id).SingleAsync(Ct);
            foreach (var p in await db.Patrols.Where(p => p.OwningAgencyId == nbp).ToListAsync(Ct))
            {
                p.Unit = p.Name is "P4" or "P7" ? Land : River;
            }
            foreach (var u in await db.Users.Where(u => u.AgencyId == nbp).ToListAsync(Ct))
            {
                u.Unit = u.UserName is "nbp.one" or "nbp.two" or "bp.officer" ? River : Land;
            }
            await db.SaveChangesAsync(Ct);
        }

        var bp = await s.ActorAsync("bp.officer");
        await using var read = s.Open();
        var river = await Capacity.ForAsync(read, bp, 10, "  maas RIVER unit ", Now, Ct);
        var land = await Capacity.ForAsync(read, bp, 10, Land, Now, Ct);
        var agency = await Capacity.ForAsync(read, bp, 10, null, Now, Ct);

        Assert.Equal(River, river.Unit);
        Assert.Equal([Land, River], river.Units);
        Assert.Equal(
            [
                // P8, then P1 2 + P2 1 from 10:00 and P3 3 + P2 1 from 14:00 on day 1: 4 at the peak. nbp.one holds it through, nbp.two's lapses on day 5, bp.officer's has expired.
                new CapacityLine("boat-licence", 4, 1, 3, 1, ["P8", "P1", "P2", "P3"]),
                // nbp.one, nbp.two (to the period's last instant) and bp.officer.
                new CapacityLine("first-aid", 4, 3, 1, 0, ["P8", "P1", "P2", "P3"]),
            ],
            river.Lines, CapacityLineComparer.Instance);
        Assert.Equal([("nbp.two", "boat-licence")], river.Expiries.Select(e => (e.User, e.Qualification)).ToList());
        Assert.Equal(
            [
                // P4's 2 on day 2; bp.admin's lapses on day 2, nbp.gone is disabled. P7 has no kind: it needs nothing.
                new CapacityLine("firearms", 2, 0, 2, 1, ["P4"]),
            ],
            land.Lines, CapacityLineComparer.Instance);
        Assert.Equal([("bp.admin", "firearms")], land.Expiries.Select(e => (e.User, e.Qualification)).ToList());
        Assert.Equal((4, 2), (river.TotalGap, land.TotalGap));

        // No unit is short where another has people to spare, and the units' busiest moments are the agency's: the units add up to it.
        Assert.Null(agency.Unit);
        Assert.Equal(6, agency.TotalGap);
        Assert.Equal(agency.TotalGap, river.TotalGap + land.TotalGap);
        foreach (var line in agency.Lines)
        {
            var parts = new[] { river, land }.Select(v => v.Lines.SingleOrDefault(l => l.Qualification == line.Qualification)).OfType<CapacityLine>().ToList();
            Assert.Equal((line.Needed, line.Available, line.Gap, line.Expiring),
                (parts.Sum(l => l.Needed), parts.Sum(l => l.Available), parts.Sum(l => l.Gap), parts.Sum(l => l.Expiring)));
        }
        Assert.Equal(agency.Expiries.Count, river.Expiries.Count + land.Expiries.Count);

        var refused = await Assert.ThrowsAsync<Cordon.Common.ValidationFailed>(() => Capacity.ForAsync(read, bp, 10, "Harbour team", Now, Ct));
        Assert.Equal(["NBP has no unit 'Harbour team'; its units: Kempen team, Maas river unit."], refused.Errors["unit"]);
    }

    /// <summary>The hand-worked case: NBP's people and their qualifications, patrol kinds, and patrols P1–P8 in one operation.</summary>
    private static async Task SeedCaseAsync(TestStore s)
    {
        await using (var db = s.Open())
        {
            var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, Ct);
            var (nbp, pca) = (agencies["NBP"].Id, agencies["PCA"].Id);
            var users = await db.Users.ToDictionaryAsync(u => u.UserName, Ct);
            User Person(string name, bool disabled = false)
            {
                var u = new User { UserName = name, DisplayName = name, AgencyId = nbp, Roles = Roles.Officer, PasswordHash = "-", Disabled = disabled };
                db.Users.Add(u);
                return u;
            }
            var (n1, n2, gone) = (Person("nbp.one"), Person("nbp.two"), Person("nbp.gone", disabled: true));
            void Holds(User u, QualificationKind kind, double days) => db.Qualifications.Add(new Qualification { UserId = u.Id, Kind = kind, ValidUntil = Now.AddDays(days), OwningAgencyId = u.AgencyId });
            Holds(n1, QualificationKind.BoatLicence, 30);             // available
            Holds(n2, QualificationKind.BoatLicence, 5);              // lapses inside the ten days
            Holds(users["bp.officer"], QualificationKind.BoatLicence, -10); // expired: not counted at all
            Holds(gone, QualificationKind.BoatLicence, 100);          // disabled: not counted
            Holds(users["pca.officer"], QualificationKind.BoatLicence, 100); // another agency's
            Holds(users["bp.officer"], QualificationKind.FirstAid, 20);
            Holds(n1, QualificationKind.FirstAid, 20);
            Holds(n2, QualificationKind.FirstAid, 10);                // valid to the period's very end: available
            Holds(users["bp.admin"], QualificationKind.Firearms, 2);  // lapses inside

            db.PatrolKinds.AddRange(
                new PatrolKind { Name = "river", Needs = ["boat-licence", "first-aid"], OwningAgencyId = nbp },
                new PatrolKind { Name = "green border", Needs = ["firearms"], OwningAgencyId = nbp },
                new PatrolKind { Name = "dogs", Needs = ["dog-handler"], OwningAgencyId = nbp },
                new PatrolKind { Name = "river", Needs = ["boat-licence"], OwningAgencyId = pca });
            var operation = new Operation { CreatedAt = TestClock.Now, Name = "Capacity case", AreaGeoJson = "{}", OwningAgencyId = nbp, StartsAt = Now, EndsAt = Now.AddDays(30) };
            db.Operations.Add(operation);
            var seat = users.Values.First();
            void Patrol(string name, string? kind, double startHours, double hours, int seats, Guid? owner = null)
            {
                var p = new Patrol { CreatedAt = TestClock.Now, Name = name, Kind = kind, OperationId = operation.Id, AreaGeoJson = "{}", StartsAt = Now.AddHours(startHours), EndsAt = Now.AddHours(startHours + hours), OwningAgencyId = owner ?? nbp };
                db.Patrols.Add(p);
                for (var i = 0; i < seats; i++)
                {
                    db.PatrolAssignments.Add(new PatrolAssignment { PatrolId = p.Id, UserId = seat.Id, UserAgencyId = seat.AgencyId, StartsAt = p.StartsAt, EndsAt = p.EndsAt });
                }
            }
            Patrol("P1", "river", 30, 8, 2);         // day 1, 06–14
            Patrol("P2", "river", 34, 8, 1);         // day 1, 10–18: 3 at once with P1
            Patrol("P3", "river", 38, 8, 3);         // day 1, 14–22: starts as P1 ends, so 3 + P2's 1 = 4 at the peak
            Patrol("P4", "green border", 54, 8, 2);  // day 2
            Patrol("P5", "river", 11 * 24, 8, 5);    // after the ten days
            Patrol("P6", "river", 30, 8, 9, pca);    // another agency's
            Patrol("P7", null, 30, 8, 4);            // no kind: no needs
            Patrol("P8", "river", -1, 3, 1);         // under way now
            await db.SaveChangesAsync(Ct);
        }
    }

    /// <summary>Records compare arrays by reference; a line is the same when its figures and patrols are.</summary>
    private sealed class CapacityLineComparer : IEqualityComparer<CapacityLine>
    {
        public static readonly CapacityLineComparer Instance = new();

        public bool Equals(CapacityLine? x, CapacityLine? y)
            => x is not null && y is not null && (x with { Patrols = Array.Empty<string>() }) == (y with { Patrols = Array.Empty<string>() }) && x.Patrols.SequenceEqual(y.Patrols);

        public int GetHashCode(CapacityLine obj) => obj.Qualification.GetHashCode(StringComparison.Ordinal);
    }
}
