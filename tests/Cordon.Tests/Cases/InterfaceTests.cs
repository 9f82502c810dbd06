using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Common;
using Cordon.Cases;
using Cordon.Demo;
using Cordon.Risk;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class InterfaceTests
{
    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_seizure_sent_with_its_photos_lands_whole_or_names_every_refused_file_and_stores_nothing(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var officer = await host.AsAsync("officer", "investigation");
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        int Seizures()
        {
            using var db = host.Store.Open();
            return db.Seizures.Count();
        }
        var before = Seizures();

        var refused = await (await officer.PostAsJsonAsync("/api/seizures", Seizure() with
        {
            Attachments =
            [
                new NewAttachment { FileName = "bricks.jpg", ContentType = "image/jpeg", Content = jpeg },
                new NewAttachment { FileName = "label.jpg", ContentType = "image/jpeg", Content = "not a picture"u8.ToArray() },
                new NewAttachment { FileName = "run.exe", ContentType = "application/x-msdownload", Content = [0x4D, 0x5A] },
            ],
        }, Ct)).ProblemAsync(400);
        var errors = refused.GetProperty("errors");
        Assert.True(errors.TryGetProperty("attachments[1].content", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("attachments[2].contentType", out _), errors.ToString());
        Assert.False(errors.TryGetProperty("attachments[0].content", out _), errors.ToString());
        Assert.Equal(before, Seizures());

        var created = await (await officer.PostAsJsonAsync("/api/seizures", Seizure() with
        {
            Attachments = [new NewAttachment { FileName = "bricks.jpg", ContentType = "image/jpeg", Content = jpeg }],
        }, Ct)).OkAsync<JsonElement>();
        var attachment = Assert.Single(created.GetProperty("attachments").EnumerateArray());
        Assert.Equal("bricks.jpg", attachment.GetProperty("fileName").GetString());
        var id = created.GetProperty("id").GetGuid();
        await using (var db = host.Store.Open())
        {
            // The photo's hash is in the chain right after the seizure's first link.
            var kinds = await db.CustodyEvents.Where(e => e.SeizureId == id).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync(Ct);
            Assert.Equal([CustodyKind.Seized, CustodyKind.Attachment], kinds);
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Custody_verify_on_the_command_line_exits_1_when_a_chain_was_changed(string store)
    {
        await using var s = await StoreAsync(store, declarations: 2);
        string caseReference, seizureReference;
        await using (var db = s.Open())
        {
            await CaseDemo.SeedAsync(db, TestClock.Now, Ct);
            // The demo numbers its records in the year it runs: read the first references back rather than guess the year.
            caseReference = await db.Cases.OrderBy(c => c.Reference).Select(c => c.Reference).FirstAsync(Ct);
            seizureReference = await db.Seizures.OrderBy(x => x.Reference).Select(x => x.Reference).FirstAsync(Ct);
        }
        Assert.Matches(@"^CASE-\d{4}-0001$", caseReference);
        Assert.Matches(@"^SZ-\d{4}-0001$", seizureReference);
        var ok = await Cordon(s, "custody", "verify", caseReference);
        Assert.Equal(0, ok.Exit);
        Assert.Contains($"OK {seizureReference}: 8 event(s), 1 attachment(s) intact", ok.Out, StringComparison.Ordinal);
        var csv = await Cordon(s, "seizures", "export", "--format", "csv");
        Assert.Equal(0, csv.Exit);
        Assert.Equal(7, csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 6 rows
        Assert.DoesNotContain("Fresh Fruit", csv.Out, StringComparison.Ordinal);
        var show = await Cordon(s, "cases", "show", caseReference);
        Assert.Contains($"seizure {seizureReference}: cocaine 42 kg; forfeited", show.Out, StringComparison.Ordinal);

        await using (var db = s.Open())
        {
            var id = await db.Seizures.Where(x => x.Reference == seizureReference).Select(x => x.Id).SingleAsync(Ct);
            var lab = await db.CustodyEvents.SingleAsync(e => e.SeizureId == id && e.Kind == CustodyKind.LabResult, Ct);
            await db.CustodyEvents.Where(e => e.Id == lab.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Content, lab.Content.Replace("87 %", "12 %", StringComparison.Ordinal)), Ct);
        }
        var broken = await Cordon(s, "custody", "verify", caseReference);
        Assert.Equal(1, broken.Exit);
        Assert.Contains($"BROKEN {seizureReference}", broken.Out, StringComparison.Ordinal);
        Assert.Contains("event 8: the content does not match its hash", broken.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await Cordon(s, "custody", "verify", "CASE-2099-0001")).Exit);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Api_enforces_the_release_gate_and_takes_evidence_uploads(string store)
    {
        await using var host = await CordonHost.StartAsync(store, demo: false);
        Guid declaration;
        await using (var db = host.Store.Open())
        {
            await DemoSeed.SeedAsync(db, TestClock.Now, Ct);
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var d = Declaration(nca.Id, "26NLAPI0000001");
            db.Declarations.Add(d);
            await db.SaveChangesAsync(Ct);
            declaration = d.Id;
            // As the lane decision will: a red lane opens the inspection.
            await Inspections.OpenForLaneAsync(db, await host.Store.ActorAsync("officer"), declaration, Lane.Red, "risk profile", Ct);
        }
        var officer = await host.AsAsync("officer");
        officer.DefaultRequestHeaders.Add(PurposeNames.Header, "investigation");
        var gate = await (await officer.PostAsJsonAsync($"/api/declarations/{declaration}/release", new { }, Ct)).ProblemAsync(409);
        Assert.Contains("no recorded outcome", gate.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var inspection = (await (await officer.GetAsync($"/api/inspections?declaration={declaration}", Ct)).OkAsync<JsonElement[]>()).Single();
        var id = inspection.GetProperty("id").GetString();
        var bad = await (await officer.PostAsJsonAsync($"/api/inspections/{id}/outcome", new { irregular = true, decision = "confiscate" }, Ct)).ProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("decision", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("kinds", out _));
        await (await officer.PostAsJsonAsync($"/api/inspections/{id}/outcome", new { irregular = true, kinds = new[] { "narcotics" }, decision = "seize" }, Ct)).OkAsync<JsonElement>();
        await (await officer.PostAsJsonAsync($"/api/declarations/{declaration}/release", new { }, Ct)).ProblemAsync(409);

        var seizure = await (await officer.PostAsJsonAsync("/api/seizures", Seizure() with { InspectionId = Guid.Parse(id!) }, Ct)).OkAsync<JsonElement>();
        var sid = seizure.GetProperty("id").GetString();
        var pdf = new ByteArrayContent("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var uploaded = await (await officer.PostAsync($"/api/seizures/{sid}/attachments?fileName=report.pdf", pdf, Ct)).OkAsync<JsonElement>();
        var sha = uploaded.GetProperty("sha256").GetString();
        var fake = new ByteArrayContent("MZ not a pdf"u8.ToArray());
        fake.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await (await officer.PostAsync($"/api/seizures/{sid}/attachments?fileName=evil.pdf", fake, Ct)).ProblemAsync(400);
        var download = await officer.GetAsync($"/api/seizures/{sid}/attachments/{sha}", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", await download.Content.ReadAsStringAsync(Ct));

        var handover = await officer.PostAsJsonAsync($"/api/seizures/{sid}/custody/handover", new { to = "supervisor", place = "Rotterdam", purpose = "storage", sealsChecked = new[] { "SEAL-1", "SEAL-2" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        // Neither the handing officer nor an agency's API key answers for the receiver: the receiver, as a user, does.
        await (await officer.PostAsJsonAsync($"/api/seizures/{sid}/custody/answer", new { accept = true }, Ct)).ProblemAsync(403);
        await (await (await host.AsAsync("supervisor")).PostAsJsonAsync($"/api/seizures/{sid}/custody/answer", new { accept = true }, Ct)).ProblemAsync(403);
        await using (var db = host.Store.Open())
        {
            await Custody.AnswerAsync(db, await host.Store.ActorAsync("supervisor"), Guid.Parse(sid!), new AnswerRequest(true, null, null, null), Ct);
        }
        var legal = await officer.PostAsJsonAsync($"/api/seizures/{sid}/legal/forfeit", new { reason = "now" }, Ct);
        await legal.ProblemAsync(409);
        var verify = await (await officer.GetAsync($"/api/seizures/{sid}/verify", Ct)).OkAsync<JsonElement>();
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(4, verify.GetProperty("events").GetInt32());
    }
}
