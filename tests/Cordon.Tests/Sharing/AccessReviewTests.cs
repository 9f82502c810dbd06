using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

public sealed class AccessReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_owner_sees_who_abroad_read_its_records_under_which_agreement_and_reviews_break_glass(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var ncaAdmin = await host.AsAsync("admin");
        await host.AgreeAsync("admin", "pca.admin", new AgreementTerms("Declarations for the partner", "NCA", "PCA", [RecordTypes.Declaration], "TLP:AMBER", ["investigation"], [], false, null, null));

        Guid shared, red;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            shared = await db.Declarations.Where(d => d.OwningAgencyId == nca.Id && d.Marking == Tlp.Amber).Select(d => d.Id).FirstAsync(Ct);
            red = await db.Declarations.Where(d => d.OwningAgencyId == nca.Id && d.Id != shared).Select(d => d.Id).FirstAsync(Ct);
            await db.Declarations.Where(d => d.Id == red).ExecuteUpdateAsync(u => u.SetProperty(d => d.Marking, Tlp.Red), Ct);
        }

        var partner = await host.AsAsync("pca.officer", "investigation");
        (await partner.GetAsync($"/api/declarations/{shared}", Ct)).EnsureSuccessStatusCode();
        (await partner.GetAsync("/api/declarations?pageSize=20", Ct)).EnsureSuccessStatusCode();
        await (await partner.GetAsync($"/api/declarations/{red}", Ct)).ProblemAsync(403);
        // Break-glass is for a signed-in supervisor, never an API key.
        await using (var db = host.Store.Open())
        {
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            var user = new User { UserName = "pca.supervisor", DisplayName = "PCA duty supervisor", AgencyId = pca.Id, Roles = Roles.Supervisor, PasswordHash = "" };
            user.PasswordHash = PasswordPolicy.Hash(user, CordonHost.DemoPassword);
            db.Users.Add(user);
            await db.SaveChangesAsync(Ct);
        }
        var supervisor = await PageSession.SignInAsync(host, "pca.supervisor");
        supervisor.Headers[PurposeNames.Header] = "investigation";
        supervisor.Headers[RequestPurpose.BreakGlassHeader] = "Vessel docking within the hour, NCA duty desk unreachable";
        var glass = await supervisor.SendAsync(HttpMethod.Get, $"/api/declarations/{red}", accept: "application/json");
        Assert.True(glass.IsSuccessStatusCode, await glass.Content.ReadAsStringAsync(Ct));

        var review = await (await ncaAdmin.GetAsync("/api/sharing/access-review", Ct)).OkAsync<JsonElement>();
        var accesses = review.GetProperty("accesses").EnumerateArray().ToList();
        Assert.Equal(["access.break-glass", "access.deny", "records.list", "record.read"], accesses.Select(a => a.GetProperty("action").GetString()));
        Assert.All(accesses, a => Assert.Equal("PCA", a.GetProperty("readerAgency").GetString()));
        var read = accesses.Single(a => a.GetProperty("action").GetString() == "record.read");
        Assert.Equal(shared.ToString(), read.GetProperty("recordId").GetString());
        Assert.Equal("investigation", read.GetProperty("purpose").GetString());
        Assert.Equal("Declarations for the partner v1", read.GetProperty("agreement").GetString());
        Assert.Equal(20, accesses.Single(a => a.GetProperty("action").GetString() == "records.list").GetProperty("rows").GetInt32());
        var byAgency = review.GetProperty("byAgency").EnumerateArray().Single();
        Assert.Equal((3, 1, 1), (byAgency.GetProperty("reads").GetInt32(), byAgency.GetProperty("denied").GetInt32(), byAgency.GetProperty("breakGlass").GetInt32()));

        var pending = review.GetProperty("breakGlass").EnumerateArray().Single();
        Assert.Equal(red.ToString(), pending.GetProperty("recordId").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("reviewedAt").ValueKind);
        var officer = await host.AsAsync("officer");
        await (await officer.GetAsync("/api/sharing/access-review", Ct)).ProblemAsync(403);
        var id = pending.GetProperty("id").GetGuid();
        await (await ncaAdmin.PostAsJsonAsync($"/api/sharing/break-glass/{id}/review", new { note = " " }, Ct)).ProblemAsync(400);
        var reviewed = await (await ncaAdmin.PostAsJsonAsync($"/api/sharing/break-glass/{id}/review", new { note = "Justified: confirmed with PCA duty officer" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("api-key:test key for admin", reviewed.GetProperty("reviewedBy").GetString());
        await (await ncaAdmin.PostAsJsonAsync($"/api/sharing/break-glass/{id}/review", new { note = "again" }, Ct)).ProblemAsync(409);

        // Another agency's review shows none of this.
        var bpAdmin = await host.AsAsync("bp.admin");
        var other = await (await bpAdmin.GetAsync("/api/sharing/access-review", Ct)).OkAsync<JsonElement>();
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        Assert.Empty(other.GetProperty("breakGlass").EnumerateArray());
    }
}
