using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Operations;
using Cordon.Tests.Support;

namespace Cordon.Tests.Operations;

/// <summary>Editing operations and moving them planned → active → closed through the API, on both stores.</summary>
public sealed class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement Area => JsonDocument.Parse(OperationsDemo.OperationArea).RootElement;

    private static object Operation(DateTimeOffset start, DateTimeOffset end, Guid? basis = null, string? status = null) => new
    {
        name = "Joint Operation Maas", participants = new[] { "NCA", "PCA" }, objectives = new[] { "Stop smuggling on the river" }, area = Area,
        startsAt = start, endsAt = end, legalBasisAgreementId = basis, commsPlan = new[] { new { channel = "C2000 MAAS-1", contact = "NBP room" } }, status,
    };

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Status_moves_planned_to_active_to_closed_and_each_refusal_names_its_field(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await host.AsAsync("bp.officer", "investigation");
        var now = TestClock.Now;
        var created = await (await bp.PostAsJsonAsync("/api/operations", Operation(now.AddDays(1), now.AddDays(8)), Ct)).OkAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Planned", created.GetProperty("status").GetString());

        // A partner abroad (PCA, BE) takes part: no activation without a legal basis covering Belgium.
        var refused = await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).ProblemAsync(400);
        Assert.Contains("partners abroad take part (PCA (BE))", refused.GetProperty("errors").GetProperty("legalBasisAgreementId")[0].GetString(), StringComparison.Ordinal);
        // An agreement between NBP and NCA (both NL) has no party from Belgium.
        var agreements = await (await bp.GetAsync("/api/sharing/agreements", Ct)).OkAsync<JsonElement>();
        Guid AgreementId(string title) => agreements.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith(title, StringComparison.Ordinal)).GetProperty("id").GetGuid();
        (await bp.PutAsJsonAsync($"/api/operations/{id}", Operation(now.AddDays(1), now.AddDays(8), AgreementId("Joint border operations (border police to customs)")), Ct)).EnsureSuccessStatusCode();
        refused = await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).ProblemAsync(400);
        Assert.Contains("PCA takes part from BE, but the legal basis agreement", refused.GetProperty("errors").GetProperty("legalBasisAgreementId")[0].GetString(), StringComparison.Ordinal);

        // Customs takes part but does not lead: it cannot change the operation.
        var customs = await host.AsAsync("officer", "investigation");
        await (await customs.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).ProblemAsync(403);

        var edited = await (await bp.PutAsJsonAsync($"/api/operations/{id}", Operation(now.AddDays(1), now.AddDays(8), AgreementId("Benelux police cooperation")), Ct)).OkAsync<JsonElement>();
        Assert.Equal("Benelux police cooperation: joint border patrols", edited.GetProperty("legalBasis").GetString());
        var active = await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("Active", active.GetProperty("status").GetString());
        // While active, the legal basis cannot be swapped for one without a Belgian party.
        var swap = await (await bp.PutAsJsonAsync($"/api/operations/{id}", Operation(now.AddDays(1), now.AddDays(8), AgreementId("Joint border operations (border police to customs)")), Ct)).ProblemAsync(400);
        Assert.Contains("has no party from BE", swap.GetProperty("errors").GetProperty("legalBasisAgreementId")[0].GetString(), StringComparison.Ordinal);
        var back = await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "planned" }, Ct)).ProblemAsync(400);
        Assert.Contains("does not go back to planned", back.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);

        var closed = await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "closed" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        await (await bp.PostAsJsonAsync($"/api/operations/{id}/status", new { status = "active" }, Ct)).ProblemAsync(409);
        await (await bp.PutAsJsonAsync($"/api/operations/{id}", Operation(now.AddDays(1), now.AddDays(9)), Ct)).ProblemAsync(409);

        // Created active with a period already over: refused beside the end.
        var over = await (await bp.PostAsJsonAsync("/api/operations", Operation(now.AddDays(-9), now.AddDays(-2), AgreementId("Benelux police cooperation"), "active"), Ct)).ProblemAsync(400);
        Assert.Contains("cannot become active", over.GetProperty("errors").GetProperty("endsAt")[0].GetString(), StringComparison.Ordinal);

        await using var db = host.Store.Open();
        Assert.Equal(["operation.status", "operation.status", "operation.update", "operation.update"],
            db.AuditEntries.Where(e => e.RecordId == id.ToString() && e.Action != "operation.create" && e.Action.StartsWith("operation.")).Select(e => e.Action).AsEnumerable().Order(StringComparer.Ordinal).ToArray());
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_edit_keeps_planned_patrols_inside_the_period_and_their_agencies_among_the_participants(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await host.AsAsync("bp.officer", "investigation");
        var demo = (await (await bp.GetAsync("/api/operations", Ct)).OkAsync<JsonElement>())[0];
        var id = demo.GetProperty("id").GetGuid();
        var patrol = (await (await bp.GetAsync($"/api/operations/{id}/patrols", Ct)).OkAsync<JsonElement>())[0];
        var patrolEnds = patrol.GetProperty("endsAt").GetDateTimeOffset();

        var refused = await (await bp.PutAsJsonAsync($"/api/operations/{id}", new
        {
            name = demo.GetProperty("name").GetString(), participants = new[] { "PCA" }, area = demo.GetProperty("area"),
            startsAt = demo.GetProperty("startsAt").GetDateTimeOffset(), endsAt = patrolEnds.AddHours(-1),
            legalBasisAgreementId = demo.GetProperty("legalBasisAgreementId").GetGuid(),
        }, Ct)).ProblemAsync(400);
        var errors = refused.GetProperty("errors");
        Assert.Contains("patrol 'Kempen joint patrol (day)' ends", errors.GetProperty("endsAt")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("NCA has patrols or officers on patrols in this operation", errors.GetProperty("participants")[0].GetString(), StringComparison.Ordinal);
    }
}
