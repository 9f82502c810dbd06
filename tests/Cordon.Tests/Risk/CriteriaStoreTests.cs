using Cordon.Common;
using Cordon.Demo;
using Cordon.Identity;
using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Risk;

public sealed class CriteriaStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Undervalued = """item.hs6 in ("870323", "870324") and origin == "CN" and item.unit_value < stats.p10(item.hs6, origin)""";

    /// <summary>
    /// Agencies as in the demo, and people as actors (criteria need no user rows; skipping the demo
    /// users' password hashing keeps these tests fast).
    /// </summary>
    private static async Task<(TestStore Store, CordonDb Db, Actor Analyst)> SeededAsync(string store)
    {
        var s = await TestStore.CreateAsync(store);
        var db = s.Open();
        foreach (var (code, name, kind, country) in DemoSeed.Agencies)
        {
            db.Agencies.Add(new Agency { Code = code, Name = name, Kind = kind, Country = country });
        }
        await db.SaveChangesAsync(Ct);
        return (s, db, await ActorAsync(db, "analyst"));
    }

    private static async Task<Actor> ActorAsync(CordonDb db, string userName)
    {
        var (_, displayName, agencyCode, roles) = DemoSeed.Users.Single(u => u.UserName == userName);
        var agency = await db.Agencies.SingleAsync(a => a.Code == agencyCode, Ct);
        return new Actor(Guid.NewGuid(), agency.Id, roles, displayName, ActorKind.User);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_change_is_a_new_version_with_author_and_time_and_old_versions_are_kept(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;

        var created = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Undervalued cars from China", Undervalued, Weight: 40, Note: "First cut."), Ct);
        Assert.Equal(1, created.Version);
        Assert.Equal(CriterionStatus.Draft, created.Status);
        Assert.True(created.ItemLevel);
        Assert.Equal("TLP:AMBER+STRICT", created.Marking);
        Assert.Equal(analyst.AgencyId, created.OwningAgencyId);

        var edited = await RiskCriteria.UpdateAsync(db, analyst, created.Id, new CriterionRequest(Weight: 60, Lane: "yellow", ExpectedVersion: 1, Note: "Heavier."), Ct);
        Assert.Equal(2, edited.Version);
        var supervisor = await ActorAsync(db, "supervisor");
        var shadow = await RiskCriteria.SetStatusAsync(db, supervisor, created.Id, new StatusRequest("shadow", 2, "Try it for a week."), Ct);
        var active = await RiskCriteria.SetStatusAsync(db, supervisor, created.Id, new StatusRequest("active", 3, null), Ct);
        Assert.Equal(4, active.Version);

        await using var fresh = s.Open();
        var view = await RiskCriteria.GetAsync(fresh, analyst, created.Id, Ct);
        Assert.Equal(CriterionStatus.Active, view.Status);
        Assert.Equal([4, 3, 2, 1], view.Versions!.Select(v => v.Version).ToArray());
        Assert.Equal(["Sam Supervisor", "Sam Supervisor", "Anna Analyst", "Anna Analyst"], view.Versions!.Select(v => v.AuthorName).ToArray());
        Assert.Equal([CriterionStatus.Active, CriterionStatus.Shadow, CriterionStatus.Draft, CriterionStatus.Draft], view.Versions!.Select(v => v.Status).ToArray());
        Assert.Equal([60.0, 60, 60, 40], view.Versions!.Select(v => v.Weight ?? 0).ToArray());
        Assert.Equal("Try it for a week.", view.Versions![1].Note);
        Assert.True(view.Versions!.Zip(view.Versions!.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));
        var first = await RiskCriteria.GetVersionAsync(fresh, analyst, created.Id, 1, Ct);
        Assert.Equal(40, first.Weight);
        Assert.Null(first.Lane);
        Assert.Equal(shadow.Version, (await RiskCriteria.GetVersionAsync(fresh, analyst, created.Id, 3, Ct)).Version);
        Assert.Equal(4, await fresh.RiskCriterionVersions.CountAsync(v => v.CriterionId == created.Id, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Saving_the_same_content_again_writes_no_new_version(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        var created = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("New trader", "features.new_trader", Weight: 10), Ct);
        var again = await RiskCriteria.UpdateAsync(db, analyst, created.Id, new CriterionRequest("New trader", "features.new_trader", Weight: 10, ExpectedVersion: 1), Ct);
        Assert.Equal(1, again.Version);
        Assert.Single(again.Versions!);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Save_refuses_an_expression_that_does_not_check_with_its_position_and_stores_nothing(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        var e = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("Bad", "origin == \"CN\" and item.hs7 == \"870323\"", Weight: 10), Ct));
        var message = Assert.Single(e.Errors["expression"]);
        Assert.StartsWith("1:25: item has no field 'hs7' (did you mean 'hs6'?)", message, StringComparison.Ordinal);
        Assert.Contains("^^^", message, StringComparison.Ordinal);

        var syntax = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("Bad", "origin = \"CN\"", Weight: 10), Ct));
        Assert.StartsWith("1:8: write '==' to compare", syntax.Errors["expression"][0], StringComparison.Ordinal);

        var fields = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst,
            new CriterionRequest("", "origin == \"CN\"", Lane: "purple", ReferTo: "NOPE", ValidFrom: new DateOnly(2026, 5, 1), ValidTo: new DateOnly(2026, 4, 1), Marking: "secret"), Ct));
        Assert.Equal(["lane", "marking", "name", "referTo", "validTo"], fields.Errors.Keys.Order(StringComparer.Ordinal).ToArray());

        var noAction = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("No action", "origin == \"CN\""), Ct));
        Assert.True(noAction.Errors.ContainsKey("actions"));
        Assert.Equal(0, await db.RiskCriteria.CountAsync(Ct));
        Assert.Equal(0, await db.RiskCriterionVersions.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Status_rules_retired_is_final_and_active_cannot_go_back_to_draft(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        var c = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Route", "features.route_risk > 0.3", Weight: 5, Status: "active"), Ct);
        var back = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.SetStatusAsync(db, analyst, c.Id, new StatusRequest("draft", 1, null), Ct));
        Assert.Contains("An active criterion cannot become draft", back.Errors["status"][0], StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.SetStatusAsync(db, analyst, c.Id, new StatusRequest("frozen", 1, null), Ct));

        var retired = await RiskCriteria.SetStatusAsync(db, analyst, c.Id, new StatusRequest("retired", 1, "Route closed."), Ct);
        Assert.Equal(CriterionStatus.Retired, retired.Status);
        var revive = await Assert.ThrowsAsync<Conflict>(() => RiskCriteria.SetStatusAsync(db, analyst, c.Id, new StatusRequest("active", 2, null), Ct));
        Assert.Contains("retired", revive.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Conflict>(() => RiskCriteria.UpdateAsync(db, analyst, c.Id, new CriterionRequest(Weight: 1), Ct));

        await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Born retired", "true", Weight: 1, Status: "retired"), Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_stale_expected_version_is_refused_as_a_conflict(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        var c = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Weekend", "features.lodged_weekend", Weight: 3), Ct);
        await RiskCriteria.UpdateAsync(db, analyst, c.Id, new CriterionRequest(Weight: 4, ExpectedVersion: 1), Ct);
        var stale = await Assert.ThrowsAsync<Conflict>(() => RiskCriteria.UpdateAsync(db, analyst, c.Id, new CriterionRequest(Weight: 5, ExpectedVersion: 1), Ct));
        Assert.Contains("is at version 2, not 1", stale.Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Only_writers_of_the_owning_agency_change_criteria_and_other_agencies_do_not_see_them(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        var c = await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Iran", "origin == \"IR\"", Lane: "red", ReferTo: "nbp"), Ct);
        Assert.Equal("NBP", c.ReferTo);

        var officer = await ActorAsync(db, "officer");
        await Assert.ThrowsAsync<Forbidden>(() => RiskCriteria.UpdateAsync(db, officer, c.Id, new CriterionRequest(Weight: 1), Ct));
        Assert.Single(await RiskCriteria.ListAsync(db, officer, ct: Ct));

        var partner = await ActorAsync(db, "pca.officer");
        Assert.Empty(await RiskCriteria.ListAsync(db, partner, ct: Ct));
        await Assert.ThrowsAsync<NotFound>(() => RiskCriteria.GetAsync(db, partner, c.Id, Ct));
        await Assert.ThrowsAsync<NotFound>(() => RiskCriteria.UpdateAsync(db, partner, c.Id, new CriterionRequest(Weight: 1), Ct));
        await Assert.ThrowsAsync<Forbidden>(() => RiskCriteria.CreateAsync(db, partner, new CriterionRequest("Sneaky", "true", Weight: 1, Agency: "NCA"), Ct));

        var duplicate = await Assert.ThrowsAsync<ValidationFailed>(() => RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Iran", "origin == \"IR\"", Weight: 1), Ct));
        Assert.True(duplicate.Errors.ContainsKey("name"));
        // Another agency may use the same name.
        await RiskCriteria.CreateAsync(db, partner, new CriterionRequest("Iran", "origin == \"IR\"", Weight: 1), Ct);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_live_set_explains_what_fired_and_shadow_and_draft_change_nothing(string store)
    {
        var (s, db, analyst) = await SeededAsync(store);
        await using var _ = s;
        await using var __ = db;
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Undervalued cars", Undervalued, Weight: 40, Lane: "yellow", Status: "active"), Ct);
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Risky trader", "features.trader_hit_rate > 0.2", Weight: 15, ReferTo: "NBP", Status: "active"), Ct);
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("New trader (trial)", "features.new_trader", Weight: 100, Lane: "red", Status: "shadow"), Ct);
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("China draft", "origin == \"CN\"", Lane: "red"), Ct);
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Expired", "origin == \"CN\"", Lane: "red", Status: "active", ValidTo: new DateOnly(2026, 1, 31)), Ct);
        await RiskCriteria.CreateAsync(db, analyst, new CriterionRequest("Air only", "transport_mode == \"air\"", Weight: 7, Status: "active"), Ct);

        var set = await RiskCriteria.LiveSetAsync(db, analyst.AgencyId!.Value, Ct);
        Assert.Equal(5, set.Count);
        var declaration = Declarations.CarImport(Declarations.Car(1, unitValue: 12_000), Declarations.Car(2, unitValue: 3_000));
        var outcome = set.Evaluate(declaration, Declarations.CarHistory());

        Assert.Equal(4, outcome.Evaluated);
        Assert.Equal(55, outcome.Score);
        Assert.Equal(Lane.Yellow, outcome.ForcedLane);
        Assert.Equal(["NBP"], outcome.Referrals);
        Assert.Equal(["Risky trader", "Undervalued cars", "New trader (trial)"], outcome.Fired.Select(f => f.Name).ToArray());
        var cars = outcome.Fired.Single(f => f.Name == "Undervalued cars");
        Assert.Equal([2], cars.Items);
        Assert.Equal(40, cars.Contribution);
        var trial = outcome.Fired.Single(f => f.Shadow);
        Assert.Equal(0, trial.Contribution);
        Assert.Equal(100, trial.Weight);
        Assert.Equal(Lane.Red, trial.Lane);
        Assert.Empty(outcome.Failures);
    }
}
