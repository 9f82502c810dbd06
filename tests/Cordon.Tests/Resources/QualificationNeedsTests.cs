using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Procedures;
using Cordon.Resources;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Resources;

/// <summary>
/// Skills against needs beyond the patrol kind, on the joint-operations demo (NBP lead): what the operation needs and
/// what a procedure governing NBP's patrols needs are checked on every member, refusing or warning as each says, and
/// the planner sees who of the agency is qualified.
/// </summary>
public sealed class QualificationNeedsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Entirely on the Dutch side, near Hilvarenbeek.
    private static JsonElement Area => JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[5.10,51.50],[5.15,51.50],[5.15,51.53],[5.10,51.53],[5.10,51.50]]]}""").RootElement;

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

    private static PatrolInput Watch(string name, DateTimeOffset at, string? kind = null)
        => new(name, Area, at, at.AddHours(8), [new TeamMemberInput("bp.officer", "firearms")], [], Kind: kind);

    private static async Task<NeedsView> SetOperationNeedsAsync(TestStore s, Actor actor, Guid operation, bool refuse, params string[] needs)
    {
        await using var db = s.Open();
        return await QualificationNeeds.SetForOperationAsync(db, actor, operation, new NeedsInput(needs, refuse), Ct);
    }

    /// <summary>A procedure of NBP for patrols (in force when approved), needing what it is given.</summary>
    private static async Task<ProcedureView> PatrolProcedureAsync(TestStore s, bool approve, bool refuse, params string[] needs)
    {
        var admin = await s.ActorAsync("bp.admin");
        await using var db = s.Open();
        var created = await Cordon.Procedures.Procedures.CreateAsync(db, admin, new ProcedureInput("Boat crews", null, ["officer"], ["patrol"], 12, null, null, "# Crew\n- Everyone aboard holds a boat licence.", null), TestClock.Now, Ct);
        await QualificationNeeds.SetForProcedureAsync(db, admin, created.Id, new NeedsInput(needs, refuse), TestClock.Now, Ct);
        return approve ? await Cordon.Procedures.Procedures.ApproveAsync(db, admin, created.Id, 1, TestClock.Now, Ct) : created;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_member_lacking_what_the_operation_needs_is_refused_or_warned_of_as_the_operation_says(string store)
    {
        var (s, lead, operation, later) = await DemoAsync(store);
        await using var _s = s;

        // Only the lead changes what the operation needs, and only qualifications Cordon knows.
        var partner = await s.ActorAsync("pca.officer");
        await Assert.ThrowsAsync<Forbidden>(() => SetOperationNeedsAsync(s, partner, operation, true, "dog-handler"));
        var bad = await Assert.ThrowsAsync<ValidationFailed>(() => SetOperationNeedsAsync(s, lead, operation, true, "dog-handler", "swimming"));
        Assert.StartsWith("'swimming' is not a qualification:", Assert.Single(bad.Errors["needs[1]"]), StringComparison.Ordinal);

        Assert.Equal(new[] { "dog-handler" }, (await SetOperationNeedsAsync(s, lead, operation, true, "dog-handler", "dog-handler")).Needs);
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, lead, operation, Watch("Dog watch", later)));
        Assert.Equal([$"bp.officer is not qualified as dog-handler, which operation '{OperationsDemo.OperationName}' needs."], refused.Errors["team[0].qualifications"]);

        await SetOperationNeedsAsync(s, lead, operation, false, "dog-handler");
        var warned = await PlanAsync(s, lead, operation, Watch("Dog watch", later));
        Assert.Equal([$"bp.officer is not qualified as dog-handler, which operation '{OperationsDemo.OperationName}' needs."], warned.Warnings["team[0].qualifications"]);
        await using var check = s.Open();
        Assert.True(await check.Patrols.AnyAsync(p => p.Name == "Dog watch", Ct));
        var stored = await check.Operations.SingleAsync(o => o.Id == operation, Ct);
        Assert.Equal(["dog-handler"], stored.Needs);
        Assert.False(stored.NeedsRefuse);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_patrol_procedures_need_applies_once_it_is_in_force_naming_the_procedure(string store)
    {
        var (s, lead, operation, later) = await DemoAsync(store);
        await using var _s = s;

        // bp.officer's boat licence expired ten days before the demo's day; a draft needs nothing yet.
        var draft = await PatrolProcedureAsync(s, approve: false, refuse: true, "boat-licence");
        var planned = await PlanAsync(s, lead, operation, Watch("Before approval", later));
        Assert.Empty(planned.Warnings);

        await using (var db = s.Open())
        {
            // Only who approves the procedure sets what it needs.
            await Assert.ThrowsAsync<Forbidden>(() => QualificationNeeds.SetForProcedureAsync(db, lead, draft.Id, new NeedsInput(["first-aid"], true), TestClock.Now, Ct));
            await Cordon.Procedures.Procedures.ApproveAsync(db, await s.ActorAsync("bp.admin"), draft.Id, 1, TestClock.Now, Ct);
        }
        var next = later.AddDays(2);
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, lead, operation, Watch("After approval", next)));
        var reason = Assert.Single(refused.Errors["team[0].qualifications"]);
        Assert.StartsWith($"bp.officer's boat-licence qualification, which procedure {draft.Reference} needs, expired on ", reason, StringComparison.Ordinal);

        // A kind that only warns of the same gap does not lift the procedure's refusal.
        await using (var db = s.Open())
        {
            await PatrolKinds.SetAsync(db, await s.ActorAsync("bp.admin"), new PatrolKindInput("river patrol", ["boat-licence"], false), TestClock.Now, Ct);
        }
        var both = await Assert.ThrowsAsync<ValidationFailed>(() => PlanAsync(s, lead, operation, Watch("River watch", next, "river patrol")));
        Assert.StartsWith($"bp.officer's boat-licence qualification, which procedure {draft.Reference} needs, expired on ",
            Assert.Single(both.Errors["team[0].qualifications"]), StringComparison.Ordinal);
        await using var check = s.Open();
        Assert.Equal(["Before approval"], await check.Patrols.Where(p => p.OperationId == operation && p.Name != "Kempen joint patrol (day)").Select(p => p.Name).ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Who_is_qualified_lists_for_each_need_its_sources_and_the_agencys_people_valid_through_the_patrol(string store)
    {
        var (s, lead, operation, later) = await DemoAsync(store);
        await using var _s = s;
        var end = later.AddHours(8);
        await SetOperationNeedsAsync(s, lead, operation, false, "first-aid");
        var sop = await PatrolProcedureAsync(s, approve: true, refuse: true, "firearms");
        await using (var db = s.Open())
        {
            await PatrolKinds.SetAsync(db, await s.ActorAsync("bp.admin"), new PatrolKindInput("river patrol", ["boat-licence"], true), TestClock.Now, Ct);
            var nbp = await db.Agencies.Where(a => a.Code == "NBP").Select(a => a.Id).SingleAsync(Ct);
            User Person(string name, bool disabled = false)
            {
                var u = new User { UserName = name, DisplayName = name.ToUpperInvariant(), AgencyId = nbp, Roles = Roles.Officer, PasswordHash = "-", Disabled = disabled };
                db.Users.Add(u);
                return u;
            }
            void Holds(User u, QualificationKind kind, DateTimeOffset until) => db.Qualifications.Add(new Qualification { UserId = u.Id, Kind = kind, ValidUntil = until, OwningAgencyId = nbp });
            Holds(Person("nbp.exact"), QualificationKind.BoatLicence, end);               // valid to the patrol's very end: qualified
            Holds(Person("nbp.short"), QualificationKind.BoatLicence, end.AddHours(-1));  // lapses during the patrol
            Holds(Person("nbp.gone", disabled: true), QualificationKind.BoatLicence, end.AddDays(100));
            var renewed = Person("nbp.renewed");
            Holds(renewed, QualificationKind.BoatLicence, later.AddDays(-1));              // the old licence lapsed,
            Holds(renewed, QualificationKind.BoatLicence, later.AddYears(1));              // the renewed one holds
            await db.SaveChangesAsync(Ct);
        }

        await using var read = s.Open();
        var policy = await AccessPolicy.ForAsync(read, lead, Purpose.Investigation, ct: Ct);
        var view = await QualificationNeeds.WhoIsQualifiedAsync(read, policy, operation, "river patrol", later, end, Ct);
        Assert.Equal(("NBP", "river patrol", later, end), (view.Agency, view.Kind, view.From, view.Until));
        // bp.officer: firearms for a year, first aid for 20 days from the demo's day, boat licence expired. pca.officer's first aid is PCA's.
        Assert.Equal(
            [
                "firearms: procedure " + sop.Reference + " refuses | bp.officer",
                "boat-licence: patrol-kind river patrol refuses | nbp.exact, nbp.renewed",
                "first-aid: operation " + OperationsDemo.OperationName + " warns | bp.officer",
            ],
            view.Needs.Select(n => $"{n.Qualification}: {string.Join("; ", n.NeededBy.Select(b => $"{b.Source} {b.By} {(b.Refuse ? "refuses" : "warns")}"))} | {string.Join(", ", n.Qualified.Select(q => q.User))}"));
        Assert.Equal("NBP.EXACT", view.Needs[1].Qualified[0].DisplayName);

        // Without a kind, over the operation's whole period (15 days): no boat licence needed; first aid (20 days) lasts it.
        var whole = await QualificationNeeds.WhoIsQualifiedAsync(read, policy, operation, null, null, null, Ct);
        Assert.Equal((TestClock.Now.AddDays(14) - TestClock.Now.AddDays(-1)).TotalDays, (whole.Until - whole.From).TotalDays, 3);
        Assert.Equal(["firearms: bp.officer", "first-aid: bp.officer"], whole.Needs.Select(n => $"{n.Qualification}: {string.Join(", ", n.Qualified.Select(q => q.User))}"));

        var unknown = await Assert.ThrowsAsync<ValidationFailed>(() => QualificationNeeds.WhoIsQualifiedAsync(read, policy, operation, "night patrol", later, end, Ct));
        Assert.Equal(["'night patrol' is not a patrol kind of NBP."], unknown.Errors["kind"]);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_lead_sets_the_operations_needs_on_its_page_and_the_plan_page_shows_who_is_qualified_in_french(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid operation;
        await using (var db = host.Store.Open())
        {
            operation = await db.Operations.Where(o => o.Name == OperationsDemo.OperationName).Select(o => o.Id).SingleAsync(Ct);
        }
        var lead = await PageSession.SignInAsync(host, "bp.officer");
        var edit = $"/operations/{operation}/edit";
        var saved = await lead.PostFormAsync(await lead.GetStringAsync(edit), edit + "?handler=Needs", [new("NeedKinds", "firearms"), new("NeedKinds", "dog-handler"), new("NeedsRefuse", "true")]);
        var page = System.Net.WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Qualifications needed saved.", page, StringComparison.Ordinal);
        Assert.Matches(@"(?s)data-testid=""need-dog-handler""><td>dog-handler</td>\s*<td>\s*<div>operation Joint Operation Kempen \(refuses the plan\)</div>\s*</td>\s*<td>\s*<span class=""badge bad"">nobody</span>", page);
        Assert.Matches(@"(?s)data-testid=""need-firearms"">[^/]*?</td>.*?Britt Border-Officer \(bp.officer\)\s*</td></tr>", page);

        // A bad need is refused on the page, naming its place in the list.
        var bad = await lead.PostFormAsync(await lead.GetStringAsync(edit), edit + "?handler=Needs", [new("NeedKinds", "swimming")]);
        Assert.Contains("'swimming' is not a qualification:", System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);

        // The plan page in French: the same list for the kind and time on the form (as "Show who is qualified" sends them).
        await lead.ChooseLanguageAsync("fr");
        var plan = System.Net.WebUtility.HtmlDecode(await lead.GetStringAsync($"/operations/{operation}/patrols/new?Kind=&StartsAt=2030-01-01T06:00&EndsAt=2030-01-01T14:00"));
        Assert.Contains("Qui est qualifié", plan, StringComparison.Ordinal);
        Assert.Matches(@"(?s)data-testid=""need-dog-handler"">.*?opération Joint Operation Kempen \(refuse le plan\).*?personne", plan);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Who_approves_a_procedure_sets_its_needs_on_its_page_and_nobody_else_sees_the_form(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid id;
        await using (var db = host.Store.Open())
        {
            id = await db.Procedures.Where(p => p.Title == "Physical inspection of containers").Select(p => p.Id).SingleAsync(Ct);
        }
        var path = $"/procedures/{id}";
        var officer = await PageSession.SignInAsync(host, "officer");
        Assert.DoesNotContain("data-testid=\"needs-form\"", await officer.GetStringAsync(path), StringComparison.Ordinal);

        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        var saved = await supervisor.PostFormAsync(await supervisor.GetStringAsync(path), path + "?handler=Needs",
            [new("Needs", "scanner-operator"), new("Needs", "first-aid"), new("NeedsRefuse", "true")]);
        var page = System.Net.WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Qualifications needed saved.", page, StringComparison.Ordinal);
        Assert.Contains("<p>scanner-operator, first-aid · A member lacking one: refuses the plan</p>", page, StringComparison.Ordinal);
        await using var check = host.Store.Open();
        var stored = await check.Procedures.SingleAsync(p => p.Id == id, Ct);
        Assert.Equal(["scanner-operator", "first-aid"], stored.Needs);
        Assert.True(stored.NeedsRefuse);
    }
}
