using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Resources;

/// <summary>
/// Assets and skills in patrol planning, on the joint-operations demo (NBP lead, NCA and PCA taking part):
/// assets come from the register, and a patrol of a kind checks every member against the qualifications it needs.
/// </summary>
public sealed class AssetPlanningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Entirely on the Dutch side, near Hilvarenbeek.
    private const string DutchSide = """{"type":"Polygon","coordinates":[[[5.10,51.50],[5.15,51.50],[5.15,51.53],[5.10,51.53],[5.10,51.50]]]}""";

    private static JsonElement Area => JsonDocument.Parse(DutchSide).RootElement;

    private static async Task<(TestStore Store, Actor Lead, Guid Operation, DateTimeOffset Later)> DemoAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var operation = await db.Operations.SingleAsync(o => o.Name == OperationsDemo.OperationName, Ct);
        var day = await db.Patrols.SingleAsync(p => p.OperationId == operation.Id, Ct);
        // A day and a half after the demo's day shift: clear of its bookings and of the rest rule.
        return (s, await s.ActorAsync("bp.officer"), operation.Id, day.EndsAt.AddHours(30));
    }

    private static async Task<PatrolView> PlanAsync(TestStore s, Actor actor, Guid operation, PatrolInput input)
    {
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, ct: Ct);
        return await OperationPlanning.PlanPatrolAsync(db, actor, policy, operation, input, PlanningRules.Default, Ct);
    }

    private static Task<ValidationFailed> RefusedAsync(TestStore s, Actor actor, Guid operation, PatrolInput input)
        => Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, actor, operation, input));

    private static async Task<AssetView> AssetAsync(TestStore s, Actor reader, string code)
    {
        await using var db = s.Open();
        var id = await db.Assets.Where(a => a.Code == code).Select(a => a.Id).SingleAsync(Ct);
        return await AssetRegister.ReadAsync(db, await AccessPolicy.ForAsync(db, reader, Purpose.Investigation, ct: Ct), id, Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_patrol_takes_only_in_service_assets_its_agency_owns_or_is_shared_and_each_asset_history_shows_the_patrol(string store)
    {
        var (s, lead, operation, later) = await DemoAsync(store);
        await using var _s = s;

        // The demo's day patrol took customs' scanner, shared with the border police under an agreement covering assets.
        var scanner = await AssetAsync(s, lead, "NCA-SCAN-1");
        Assert.Contains(scanner.History!, h => h.Field == "patrol" && h.By == "bp.officer" && h.To!.StartsWith("Kempen joint patrol (day) (Joint Operation Kempen) ", StringComparison.Ordinal));

        await using (var db = s.Open())
        {
            (await db.Assets.SingleAsync(a => a.Code == "NBP-DRONE-1", Ct)).Status = AssetStatus.UnderMaintenance;
            (await db.SharingAgreements.SingleAsync(a => a.Title == "Joint border operations (customs to border police)", Ct)).Status = AgreementStatus.Revoked;
            await db.SaveChangesAsync(Ct);
        }
        var refused = await RefusedAsync(s, lead, operation, new PatrolInput("Drone patrol", Area, later, later.AddHours(8),
            [new TeamMemberInput("bp.officer", "firearms")], ["NBP-DRONE-1", "NCA-SCAN-1", "NBP-VAN-1", "NBP-NOSUCH-9"]));
        Assert.Contains("NBP-DRONE-1 is under-maintenance and cannot be planned on a patrol.", refused.Errors["assets[0]"]);
        // Without the agreement, the partner's scanner reads exactly as an asset that does not exist.
        Assert.Equal(["'NCA-SCAN-1' is not an asset of NBP nor one an agreement shares with it."], refused.Errors["assets[1]"]);
        Assert.Equal(["'NBP-NOSUCH-9' is not an asset of NBP nor one an agreement shares with it."], refused.Errors["assets[3]"]);
        Assert.False(refused.Errors.ContainsKey("assets[2]"));

        var planned = await PlanAsync(s, lead, operation, new PatrolInput("Van patrol", Area, later, later.AddHours(8), [new TeamMemberInput("bp.officer", "firearms")], ["NBP-VAN-1"]));
        Assert.Equal(["NBP-VAN-1"], planned.Assets);
        var van = await AssetAsync(s, lead, "NBP-VAN-1");
        var entry = Assert.Single(van.History!, h => h.Field == "patrol" && h.To!.StartsWith("Van patrol", StringComparison.Ordinal));
        Assert.Equal($"Van patrol (Joint Operation Kempen) {later:yyyy-MM-dd HH:mm}–{later.AddHours(8):yyyy-MM-dd HH:mm} UTC", entry.To);

        // The same van on an overlapping patrol: refused, naming the patrol it is planned on.
        var clash = await RefusedAsync(s, lead, operation, new PatrolInput("Second van patrol", Area, later.AddHours(4), later.AddHours(10),
            [new TeamMemberInput("officer", null)], ["NBP-VAN-1"]));
        Assert.Contains($"NBP-VAN-1 is already booked on patrol 'Van patrol' {later:yyyy-MM-dd HH:mm}–{later.AddHours(8):HH:mm} UTC.", clash.Errors["assets[0]"]);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_member_lacking_a_qualification_the_patrol_kind_needs_is_warned_of_or_refused_as_the_kind_is_configured(string store)
    {
        var (s, lead, operation, later) = await DemoAsync(store);
        await using var _s = s;
        var admin = await s.ActorAsync("bp.admin");
        await using (var db = s.Open())
        {
            await Assert.ThrowsAsync<Forbidden>(() => PatrolKinds.SetAsync(db, lead, new PatrolKindInput("river patrol", ["boat-licence"], false), TestClock.Now, Ct));
            var bad = await Assert.ThrowsAsync<ValidationFailed>(() => PatrolKinds.SetAsync(db, admin, new PatrolKindInput("river patrol", ["boat-licence", "swimming"], false), TestClock.Now, Ct));
            Assert.StartsWith("'swimming' is not a qualification:", Assert.Single(bad.Errors["needs[1]"]), StringComparison.Ordinal);
            await PatrolKinds.SetAsync(db, admin, new PatrolKindInput("river patrol", ["boat-licence", "first-aid"], false), TestClock.Now, Ct);
        }

        // bp.officer's boat licence expired ten days ago; first aid is valid for 20 days more: one warning, the patrol planned.
        var warned = await PlanAsync(s, lead, operation, new PatrolInput("River watch", Area, later, later.AddHours(8), [new TeamMemberInput("bp.officer", "firearms")], [], Kind: "river patrol"));
        Assert.Equal("river patrol", warned.Kind);
        var warning = Assert.Single(Assert.Single(warned.Warnings, w => w.Key == "team[0].qualifications").Value);
        Assert.StartsWith("bp.officer's boat-licence qualification, which a 'river patrol' patrol needs, expired on ", warning, StringComparison.Ordinal);

        // Now refused when the kind says so, and first aid lapsing in the middle of the patrol counts as lacking it.
        var next = later.AddDays(2);
        await using (var db = s.Open())
        {
            await PatrolKinds.SetAsync(db, admin, new PatrolKindInput("river patrol", ["boat-licence", "first-aid"], true), TestClock.Now, Ct);
            var bp = await db.Users.SingleAsync(u => u.UserName == "bp.officer", Ct);
            (await db.Qualifications.SingleAsync(q => q.UserId == bp.Id && q.Kind == QualificationKind.FirstAid, Ct)).ValidUntil = next.AddHours(4);
            await db.SaveChangesAsync(Ct);
        }
        var refused = await RefusedAsync(s, lead, operation, new PatrolInput("River watch 2", Area, next, next.AddHours(8), [new TeamMemberInput("bp.officer", "firearms")], [], Kind: "river patrol"));
        var reasons = refused.Errors["team[0].qualifications"];
        Assert.Equal(2, reasons.Length);
        Assert.Contains(reasons, r => r.StartsWith("bp.officer's boat-licence qualification, which a 'river patrol' patrol needs, expired on ", StringComparison.Ordinal));
        Assert.Contains($"bp.officer's first-aid qualification, which a 'river patrol' patrol needs, expires on {next.AddHours(4):yyyy-MM-dd HH:mm}, before the patrol ends.", reasons);

        var unknown = await RefusedAsync(s, lead, operation, new PatrolInput("Night watch", Area, next, next.AddHours(8), [new TeamMemberInput("bp.officer", "firearms")], [], Kind: "night patrol"));
        Assert.Equal(["'night patrol' is not a patrol kind of NBP."], unknown.Errors["kind"]);
        await using var check = s.Open();
        Assert.Equal("river patrol", await check.Patrols.Where(p => p.Name == "River watch").Select(p => p.Kind).SingleAsync(Ct));
        Assert.False(await check.Patrols.AnyAsync(p => p.Name == "River watch 2" || p.Name == "Night watch", Ct));
    }
}
