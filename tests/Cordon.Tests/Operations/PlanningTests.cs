using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Operations;

/// <summary>Patrol planning rules on the demo operation (NBP lead, NCA and PCA taking part, NL–BE border).</summary>
public sealed class PlanningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TestStore Store, Actor Lead, Guid Operation, Patrol DayShift)> DemoAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var lead = await s.ActorAsync("bp.officer");
        var operation = await db.Operations.SingleAsync(o => o.Name == OperationsDemo.OperationName, Ct);
        var patrol = await db.Patrols.SingleAsync(p => p.OperationId == operation.Id, Ct);
        return (s, lead, operation.Id, patrol);
    }

    private static async Task<ValidationFailed> RefusedAsync(TestStore s, Actor actor, Guid operation, PatrolInput input)
    {
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, ct: Ct);
        return await Assert.ThrowsAsync<ValidationFailed>(() => OperationPlanning.PlanPatrolAsync(db, actor, policy, operation, input, PlanningRules.Default, Ct));
    }

    private static JsonElement Area(string json) => JsonDocument.Parse(json).RootElement;

    // Entirely on the Dutch side, near Hilvarenbeek.
    private const string DutchSide = """{"type":"Polygon","coordinates":[[[5.10,51.50],[5.15,51.50],[5.15,51.53],[5.10,51.53],[5.10,51.50]]]}""";

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Demo_joint_patrol_crosses_the_border_under_the_legal_basis(string store)
    {
        var (s, _, _, day) = await DemoAsync(store);
        await using var _s = s;
        Assert.Equal(["BE", "NL"], day.Countries);
        await using var db = s.Open();
        Assert.Equal(3, await db.PatrolAssignments.CountAsync(a => a.PatrolId == day.Id, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Expired_qualification_and_unmanned_boat_and_double_booking_are_refused_with_reasons(string store)
    {
        var (s, lead, operation, day) = await DemoAsync(store);
        await using var _s = s;
        var e = await RefusedAsync(s, lead, operation, new PatrolInput("River patrol", Area(DutchSide), day.StartsAt.AddHours(2), day.EndsAt.AddHours(2),
            [new TeamMemberInput("bp.officer", "boat-licence")], ["NBP-BOAT-1", "NBP-VAN-1"]));
        Assert.Contains("expired on", string.Join(" ", e.Errors["team[0].duty"]), StringComparison.Ordinal);
        Assert.Contains("already booked on patrol 'Kempen joint patrol (day)'", string.Join(" ", e.Errors["team[0].user"]), StringComparison.Ordinal);
        Assert.Contains("NBP-VAN-1 is already booked", string.Join(" ", e.Errors["assets[1]"]), StringComparison.Ordinal);
        await using var db = s.Open();
        Assert.Equal(1, await db.Patrols.CountAsync(Ct)); // nothing saved
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Unqualified_duty_and_asset_without_its_operator_are_refused(string store)
    {
        var (s, lead, operation, day) = await DemoAsync(store);
        await using var _s = s;
        var e = await RefusedAsync(s, lead, operation, new PatrolInput("Dog patrol", Area(DutchSide), day.EndsAt.AddHours(30), day.EndsAt.AddHours(38),
            [new TeamMemberInput("nis.officer", null), new TeamMemberInput("pca.officer", "dog-handler")], ["NBP-DRONE-1"]));
        Assert.Contains("pca.officer is not qualified as dog-handler", string.Join(" ", e.Errors["team[1].duty"]), StringComparison.Ordinal);
        Assert.Contains("NIS, which does not take part", string.Join(" ", e.Errors["team[0].user"]), StringComparison.Ordinal);
        Assert.Contains("needs a team member on duty as drone-pilot", string.Join(" ", e.Errors["assets[0]"]), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Rest_time_below_the_minimum_is_refused_and_enough_rest_is_accepted(string store)
    {
        var (s, lead, operation, day) = await DemoAsync(store);
        await using var _s = s;
        // Starts 6 h after the day shift ends: below the 11 h minimum.
        var e = await RefusedAsync(s, lead, operation, new PatrolInput("Night patrol", Area(DutchSide), day.EndsAt.AddHours(6), day.EndsAt.AddHours(14),
            [new TeamMemberInput("bp.officer", "firearms")], []));
        Assert.Contains("would rest only 6 h", string.Join(" ", e.Errors["team[0].user"]), StringComparison.Ordinal);

        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, ct: Ct);
        var ok = await OperationPlanning.PlanPatrolAsync(db, lead, policy, operation, new PatrolInput("Next day patrol", Area(DutchSide), day.EndsAt.AddHours(11), day.EndsAt.AddHours(19),
            [new TeamMemberInput("bp.officer", "firearms")], ["NBP-VAN-1"]), PlanningRules.Default, Ct);
        Assert.Equal(["NL"], ok.Countries);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Crossing_into_another_country_without_an_allowing_agreement_is_refused(string store)
    {
        var (s, lead, _, day) = await DemoAsync(store);
        await using var _s = s;
        await using var db = s.Open();
        // A second operation without a legal basis, whose patrol area reaches into Belgium.
        var op = await OperationPlanning.CreateAsync(db, lead, new OperationInput("Solo operation", [], ["check"], Area(OperationsDemo.OperationArea),
            day.StartsAt.AddDays(-1), day.StartsAt.AddDays(10), null, []), TestClock.Now, Ct);
        var e = await RefusedAsync(s, lead, op.Id, new PatrolInput("Border walk", null, day.EndsAt.AddDays(2), day.EndsAt.AddDays(2).AddHours(4),
            [new TeamMemberInput("bp.officer", null)], []));
        Assert.Contains("enters BE (Belgium) territory and the operation has no legal basis agreement", string.Join(" ", e.Errors["area"]), StringComparison.Ordinal);

        // The legal basis revoked: the demo operation's next cross-border patrol is refused too.
        var basis = await db.SharingAgreements.SingleAsync(a => a.Title.StartsWith("Benelux"), Ct);
        basis.Status = AgreementStatus.Revoked;
        await db.SaveChangesAsync(Ct);
        var demo = await db.Operations.SingleAsync(o => o.Name == OperationsDemo.OperationName, Ct);
        var revoked = await RefusedAsync(s, lead, demo.Id, new PatrolInput("Border walk", null, day.EndsAt.AddDays(2), day.EndsAt.AddDays(2).AddHours(4),
            [new TeamMemberInput("bp.officer", null)], []));
        Assert.Contains("is not in force", string.Join(" ", revoked.Errors["area"]), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Expiring_qualifications_are_flagged(string store)
    {
        var (s, lead, _, _) = await DemoAsync(store);
        await using var _s = s;
        await using var db = s.Open();
        var policy = await AccessPolicy.ForAsync(db, lead, Purpose.Investigation, ct: Ct);
        var list = await OperationPlanning.QualificationsAsync(db, policy, TestClock.Now, Ct);
        Assert.True(list.Single(q => q.Kind == "boat-licence").Expired);
        Assert.True(list.Single(q => q.Kind == "first-aid").ExpiresSoon);
        Assert.All(list, q => Assert.Equal("bp.officer", q.User)); // other agencies' people are not shown
    }
}

public sealed class PatrolSharingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Partner_reading_patrols_under_an_agreement_that_removes_personal_data_sees_no_team(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, Ct);
        var now = TestClock.Now;
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Operations to immigration, without names", ProviderAgencyId = agencies["NBP"].Id, RecipientAgencyId = agencies["NIS"].Id,
            RecordTypes = OperationsDemo.OperationRecordTypes, MaxMarking = Tlp.Amber, Purposes = [Purpose.Investigation],
            Redactions = [new RedactionRule([RedactionRule.PersonalData])], ValidFrom = now.AddDays(-1), ValidUntil = now.AddDays(30), Status = AgreementStatus.Active,
        });
        await db.SaveChangesAsync(Ct);
        var nis = await s.ActorAsync("nis.officer");
        var policy = await AccessPolicy.ForAsync(db, nis, Purpose.Investigation, ct: Ct);
        var operation = await db.Operations.SingleAsync(Ct);
        var patrol = Assert.Single(await OperationPlanning.PatrolsAsync(db, policy, operation.Id, ct: Ct));
        Assert.Null(patrol.Team);
        Assert.Equal(["team"], patrol.Redacted);
        Assert.Equal(["NBP-VAN-1", "NCA-SCAN-1"], patrol.Assets.Order());

        var incident = await db.Incidents.SingleAsync(Ct);
        var view = await IncidentResponse.ReadAsync(db, policy, incident.Id, now, Ct);
        Assert.Null(view.ReportedBy);
        Assert.Null(view.Timeline);
        Assert.Equal(4, view.Checklist.Count);
    }
}

public sealed class TrainingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Joint_training_grants_the_qualification_so_the_assignment_is_then_accepted(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var bp = await s.ActorAsync("bp.officer");
        var supervisor = await s.ActorAsync("bp.admin");
        var operation = await db.Operations.SingleAsync(Ct);
        var day = await db.Patrols.SingleAsync(Ct);
        var policy = await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, ct: Ct);
        var river = new PatrolInput("River patrol", null, day.EndsAt.AddHours(12), day.EndsAt.AddHours(20), [new TeamMemberInput("bp.officer", "boat-licence")], ["NBP-BOAT-1"]);
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => OperationPlanning.PlanPatrolAsync(db, bp, policy, operation.Id, river, PlanningRules.Default, Ct));
        Assert.Contains("expired", string.Join(" ", refused.Errors["team[0].duty"]), StringComparison.Ordinal);

        var bad = await Assert.ThrowsAsync<ValidationFailed>(() => OperationPlanning.RecordTrainingAsync(db, supervisor,
            new OperationPlanning.TrainingInput("Boat", null, "boat-licence", null, ["bp.officer", "nobody"], null), TestClock.Now, Ct));
        Assert.Equal(["participants[1]", "validForMonths"], bad.Errors.Keys.Order());

        await OperationPlanning.RecordTrainingAsync(db, supervisor,
            new OperationPlanning.TrainingInput("Joint boat exercise on the Maas", TestClock.Now.AddDays(-1), "boat-licence", 24, ["bp.officer", "pca.officer"], operation.Id), TestClock.Now, Ct);
        var planned = await OperationPlanning.PlanPatrolAsync(db, bp, policy, operation.Id, river, PlanningRules.Default, Ct);
        Assert.Equal("boat-licence", Assert.Single(planned.Team!).Duty);
        Assert.Contains(await db.Qualifications.Where(q => q.Kind == QualificationKind.BoatLicence).Select(q => q.Evidence).ToListAsync(Ct),
            e => e!.StartsWith("training 'Joint boat exercise on the Maas'", StringComparison.Ordinal));
    }
}
