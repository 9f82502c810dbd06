using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Identity;

/// <summary>Units of an agency: on a user (admin) and on a patrol (planning), one spelling per unit, names of bounded length.</summary>
public sealed class UnitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string TooLong = "Maas river unit " + new string('x', 70); // 86 characters

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_user_joins_a_unit_in_the_spelling_the_agency_uses_and_too_long_a_name_is_refused_on_the_unit_field(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var admin = await s.ActorAsync("bp.admin");
        await using var db = s.Open();

        var skipper = await UserAdministration.CreateAsync(db, admin, new NewUser("nbp.skipper", null, "NBP", ["officer"], "Good-Password-2026", "  Maas   river unit "), Ct);
        Assert.Equal("Maas river unit", skipper.Unit);
        // Another case and spacing joins the same unit rather than starting a second one.
        var deckhand = await UserAdministration.CreateAsync(db, admin, new NewUser("nbp.deckhand", null, "NBP", ["officer"], "Good-Password-2026", "MAAS RIVER UNIT"), Ct);
        Assert.Equal("Maas river unit", deckhand.Unit);
        Assert.Equal(["Maas river unit"], await Units.OfAgencyAsync(db, admin.AgencyId!.Value, Ct));

        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => UserAdministration.CreateAsync(db, admin,
            new NewUser("nbp.long", null, "NBP", ["officer"], "Good-Password-2026", TooLong), Ct));
        Assert.Equal(["The unit of user nbp.long must be at most 80 characters, not 86."], refused.Errors["unit"]);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "nbp.long", Ct));

        var moved = await UserAdministration.SetUnitAsync(db, admin, skipper.Id, "Kempen team", Ct);
        Assert.Equal("Kempen team", moved.Unit);
        Assert.Contains(await UserAdministration.ListAsync(db, admin, ct: Ct), u => u.UserName == "nbp.skipper" && u.Unit == "Kempen team");
        var tooLong = await Assert.ThrowsAsync<ValidationFailed>(() => UserAdministration.SetUnitAsync(db, admin, skipper.Id, TooLong, Ct));
        Assert.Equal(["The unit of user nbp.skipper must be at most 80 characters, not 86."], tooLong.Errors["unit"]);
        Assert.Null((await UserAdministration.SetUnitAsync(db, admin, skipper.Id, "   ", Ct)).Unit);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "user.unit", Ct));

        // Another agency's admin cannot place NBP's people.
        var partner = await s.ActorAsync("pca.admin");
        await Assert.ThrowsAsync<NotFound>(() => UserAdministration.SetUnitAsync(db, partner, deckhand.Id, "Harbour", Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_patrol_is_the_planners_units_unless_another_or_none_is_named_and_too_long_a_name_is_refused(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        Guid operation;
        DateTimeOffset after;
        await using (var db = s.Open())
        {
            await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
            var op = await db.Operations.SingleAsync(o => o.Name == OperationsDemo.OperationName, Ct);
            operation = op.Id;
            after = (await db.Patrols.SingleAsync(p => p.OperationId == op.Id, Ct)).EndsAt.AddHours(12);
            // The demo puts its border-police people in units, and its joint patrol in the green-border unit.
            Assert.Equal(OperationsDemo.RiverUnit, (await db.Users.SingleAsync(u => u.UserName == "bp.officer", Ct)).Unit);
            Assert.Equal(OperationsDemo.GreenBorderUnit, (await db.Patrols.SingleAsync(p => p.OperationId == op.Id, Ct)).Unit);
        }
        var lead = await s.ActorAsync("bp.officer");
        var area = JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[5.10,51.50],[5.15,51.50],[5.15,51.53],[5.10,51.53],[5.10,51.50]]]}""").RootElement;
        async Task<PatrolView> PlanAsync(string name, int day, string? unit)
        {
            await using var db = s.Open();
            var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, ct: Ct);
            return await OperationPlanning.PlanPatrolAsync(db, lead, policy, operation, new PatrolInput(name, area, after.AddDays(day), after.AddDays(day).AddHours(8),
                [new TeamMemberInput("bp.officer", null)], [], Unit: unit), PlanningRules.Default, Ct);
        }

        Assert.Equal(OperationsDemo.RiverUnit, (await PlanAsync("Own unit", 0, null)).Unit);
        Assert.Equal(OperationsDemo.GreenBorderUnit, (await PlanAsync("Other unit", 1, "kempen GREEN-border unit")).Unit);
        Assert.Null((await PlanAsync("No unit", 2, "")).Unit);

        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync("Long unit", 3, TooLong));
        Assert.Equal(["The unit of patrol 'Long unit' must be at most 80 characters, not 86."], refused.Errors["unit"]);
        await using var read = s.Open();
        Assert.False(await read.Patrols.AnyAsync(p => p.Name == "Long unit", Ct));
    }
}
