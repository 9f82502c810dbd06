using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Demo;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class CaseTests
{
    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Participating_agency_sees_the_case_and_a_non_participating_one_does_not(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, _) = await OfficersAsync(s);
        var bp = await s.ActorAsync("bp.officer");
        var nis = await s.ActorAsync("nis.officer");
        var pca = await s.ActorAsync("pca.officer");
        await using var db = s.Open();
        var joint = await EnforcementCases.CreateAsync(db, officer, new NewCase("Joint case", null, ["NBP"], "TLP:AMBER"), Ct);
        await EnforcementCases.CreateAsync(db, officer, new NewCase("Customs only", null, [], "TLP:GREEN"), Ct);
        await EnforcementCases.AddPersonAsync(db, officer, joint.Id, new NewPerson("driver", "Jan de Groot", null, "NL", false), Ct);
        await EnforcementCases.AddTaskAsync(db, officer, joint.Id, new NewTask("Check travel history", "NBP", "bp.officer", DateOnly.FromDateTime(TestClock.Now.UtcDateTime.AddDays(-1))), Ct);
        var notParticipant = await Assert.ThrowsAsync<ValidationFailed>(() => EnforcementCases.AddTaskAsync(db, officer, joint.Id, new NewTask("x", "NIS", null, DateOnly.MaxValue), Ct));
        Assert.Contains("does not take part", notParticipant.Errors["agency"][0], StringComparison.Ordinal);

        foreach (var purpose in Enum.GetValues<Purpose>())
        {
            var bpPolicy = await AccessPolicy.ForAsync(db, bp, purpose, ct: Ct);
            Assert.Equal(["Joint case"], (await EnforcementCases.ListAsync(db, bpPolicy, Ct)).Select(c => c.Title));
            var (view, decision) = await EnforcementCases.ReadViewAsync(db, bpPolicy, joint.Id, null, Ct);
            Assert.Equal(AccessKind.Allow, decision.Kind);
            Assert.Equal("Jan de Groot", Assert.Single(view.Persons!).Name);
            Assert.True(Assert.Single(view.Tasks).Overdue);
        }
        foreach (var outsider in new[] { nis, pca })
        {
            var policy = await AccessPolicy.ForAsync(db, outsider, Purpose.Investigation, ct: Ct);
            Assert.Empty(await EnforcementCases.ListAsync(db, policy, Ct));
            await Assert.ThrowsAsync<Forbidden>(() => EnforcementCases.ReadViewAsync(db, policy, joint.Id, null, Ct));
            await Assert.ThrowsAsync<Forbidden>(() => EnforcementCases.AddNoteAsync(db, outsider, joint.Id, new NewNote("let me in"), Ct));
        }
        // Participants work on the case: a note, and closing the task assigned to them; not changing it.
        await EnforcementCases.AddNoteAsync(db, bp, joint.Id, new NewNote("Driver crossed at Hazeldonk twice last week."), Ct);
        var closed = await EnforcementCases.CompleteTaskAsync(db, bp, joint.Id, (await db.CaseTasks.SingleAsync(Ct)).Id, Ct);
        Assert.NotNull(Assert.Single(closed.Tasks).DoneAt);
        await Assert.ThrowsAsync<Forbidden>(() => EnforcementCases.UpdateAsync(db, bp, joint.Id, new CaseChange(closed.Version, "taken over", null, null, null), Ct));

        // Taking NBP out of the case takes its view away, in lists and single reads alike.
        await EnforcementCases.UpdateAsync(db, officer, joint.Id, new CaseChange(closed.Version, null, null, null, []), Ct);
        var after = await AccessPolicy.ForAsync(db, bp, Purpose.Investigation, ct: Ct);
        Assert.Empty(await EnforcementCases.ListAsync(db, after, Ct));
        await Assert.ThrowsAsync<Forbidden>(() => EnforcementCases.ReadViewAsync(db, after, joint.Id, null, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Two_officers_editing_the_same_case_get_a_conflict_not_a_silent_overwrite(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        Guid id;
        await using (var db = s.Open())
        {
            id = (await EnforcementCases.CreateAsync(db, officer, new NewCase("Case", null, [], null), Ct)).Id;
        }
        // Both load version 1 in their own unit of work, then both save.
        await using var first = s.Open();
        await using var second = s.Open();
        var a = await first.Cases.SingleAsync(c => c.Id == id, Ct);
        var b = await second.Cases.SingleAsync(c => c.Id == id, Ct);
        a.Title = "Officer's title";
        a.Version++;
        b.Title = "Supervisor's title";
        b.Version++;
        await first.SaveChangesAsync(Ct);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));

        // Through the operation: the stale version is refused with who changed it.
        await using var db2 = s.Open();
        var stale = await Assert.ThrowsAsync<Conflict>(() => EnforcementCases.UpdateAsync(db2, supervisor, id, new CaseChange(1, "Supervisor's title", null, null, null), Ct));
        Assert.Contains("version 2", stale.Message, StringComparison.Ordinal);
        Assert.Equal("Officer's title", (await db2.Cases.AsNoTracking().SingleAsync(c => c.Id == id, Ct)).Title);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Concurrent_edits_through_the_api_give_409(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
        }
        var officer = await host.AsAsync("officer");
        var supervisor = await host.AsAsync("supervisor");
        officer.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        supervisor.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        var created = await (await officer.PostAsJsonAsync("/api/cases", new { title = "Harbour case", participants = new[] { "NBP" } }, Ct)).OkAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        var version = created.GetProperty("version").GetInt32();

        var one = await officer.PutAsJsonAsync($"/api/cases/{id}", new { version, title = "Officer's title" }, Ct);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var two = await supervisor.PutAsJsonAsync($"/api/cases/{id}", new { version, title = "Supervisor's title" }, Ct);
        var problem = await two.ProblemAsync(409);
        Assert.Contains("reload", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await supervisor.PutAsJsonAsync($"/api/cases/{id}", new { title = "no version" }, Ct);
        await missing.ProblemAsync(400);

        var bp = await host.AsAsync("bp.officer");
        bp.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        var seen = await (await bp.GetAsync($"/api/cases/{id}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("Officer's title", seen.GetProperty("title").GetString());
        var nis = await host.AsAsync("nis.officer");
        nis.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        await (await nis.GetAsync($"/api/cases/{id}", Ct)).ProblemAsync(403);
        Assert.Empty(await (await nis.GetAsync("/api/cases", Ct)).OkAsync<JsonElement[]>());
        var noPurpose = await host.AsAsync("bp.officer", purpose: null);
        var refused = await (await noPurpose.GetAsync("/api/cases", Ct)).ProblemAsync(400);
        Assert.Contains(PurposeNames.Header, refused.GetRawText(), StringComparison.Ordinal);
    }
}
