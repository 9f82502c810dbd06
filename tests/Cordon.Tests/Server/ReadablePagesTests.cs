using System.Net;
using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>What a person reads: error pages in a browser (Problem Details stay for the API), one way of writing times, a favicon.</summary>
public sealed class ReadablePagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_browser_gets_pages_for_not_found_forbidden_and_missing_records_while_the_api_keeps_problem_details()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var officer = await PageSession.SignInAsync(host, "officer");

        var missing = await officer.SendAsync(HttpMethod.Get, "/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var page = await missing.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Page not found", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">Back to the overview</a>", page, StringComparison.Ordinal);

        var record = await officer.SendAsync(HttpMethod.Get, $"/declarations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal("text/html", record.Content.Headers.ContentType?.MediaType);

        var denied = await officer.SendAsync(HttpMethod.Get, "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("Not allowed", await officer.GetStringAsync(denied.Headers.Location!.PathAndQuery), StringComparison.Ordinal);

        var api = await officer.SendAsync(HttpMethod.Get, "/api/no-such-thing", accept: "application/json");
        await api.ProblemAsync(404);
        var apiFromBrowser = await officer.SendAsync(HttpMethod.Get, "/api/no-such-thing");
        await apiFromBrowser.ProblemAsync(404);
    }

    [Fact]
    public async Task Error_pages_speak_the_readers_language_and_arabic_ones_read_right_to_left()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var officer = await PageSession.SignInAsync(host, "officer");
        var account = await officer.GetStringAsync("/account");
        await officer.PostFormAsync(account, "/account", [new("Culture", "fr")]);
        var french = await (await officer.SendAsync(HttpMethod.Get, "/no-such-page")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"fr\" dir=\"ltr\">", french, StringComparison.Ordinal);
        Assert.Contains("Page introuvable", french, StringComparison.Ordinal);
        Assert.Contains("/no-such-page", french, StringComparison.Ordinal);
        Assert.DoesNotContain("Page not found", french, StringComparison.Ordinal);

        account = await officer.GetStringAsync("/account");
        await officer.PostFormAsync(account, "/account", [new("Culture", "ar")]);
        var arabic = await (await officer.SendAsync(HttpMethod.Get, "/no-such-page")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", arabic, StringComparison.Ordinal);
        Assert.Contains("الصفحة غير موجودة", arabic, StringComparison.Ordinal);
        Assert.DoesNotContain("Back to the overview", arabic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_written_one_way_with_their_zone_and_pages_have_a_favicon()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var auditor = await PageSession.SignInAsync(host, "auditor");
        var log = await auditor.GetStringAsync("/audit");
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", log);
        Assert.DoesNotMatch(@"\d\d:\d\d(:\d\d)? ?(AM|PM)", log);
        var admin = await PageSession.SignInAsync(host, "admin");
        var keys = await admin.GetStringAsync("/admin/apikeys");
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\d \d\d:\d\d(?!:| UTC)", keys);

        var login = await new PageSession(host.Anonymous()).GetStringAsync("/login");
        var icon = Regex.Match(login, "<link rel=\"icon\" href=\"([^\"?]+)").Groups[1].Value;
        Assert.NotEmpty(icon);
        var favicon = await host.Anonymous().GetAsync(icon, Ct);
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.True((await favicon.Content.ReadAsByteArrayAsync(Ct)).Length > 0);
    }
}

public sealed class AuditInWordsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_audit_log_and_access_review_name_records_with_links_and_people_and_actions_in_words()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        Guid id;
        string number;
        await using (var db = host.Store.Open())
        {
            var nca = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id), Ct);
            var partner = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.UserName == "pca.officer"), Ct);
            var declaration = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Declarations.OrderBy(d => d.Number), Ct);
            (id, number) = (declaration.Id, declaration.Number);
            var appended = await Cordon.Audit.AuditLog.AppendBatchAsync(db, [new Cordon.Audit.AuditEvent(Cordon.Audit.AuditActor.OfUser(partner), "access.deny") // as SharedReads writes a refused read
            {
                RecordType = "declaration", RecordId = id.ToString(), RecordAgencyId = nca, Purpose = "risk-analysis", Decision = Cordon.Audit.AuditDecision.Deny,
                Details = new { reason = "no agreement covers this record", rows = 1 },
            }], Ct);
            Assert.Empty(appended.Rejected);
        }

        var auditor = await PageSession.SignInAsync(host, "auditor");
        var log = await auditor.GetStringAsync("/audit?who=pca.officer");
        Assert.Contains($"<a href=\"/declarations/{id}\">{number}</a>", log, StringComparison.Ordinal);
        Assert.Contains("pca.officer (PCA)", log, StringComparison.Ordinal);
        Assert.Contains("was denied access", log, StringComparison.Ordinal);
        Assert.Contains("Reason: no agreement covers this record", log, StringComparison.Ordinal);
        Assert.DoesNotContain("{&quot;", log, StringComparison.Ordinal);
        Assert.DoesNotContain($">{id}<", log, StringComparison.Ordinal);

        var admin = await PageSession.SignInAsync(host, "admin");
        var review = await admin.GetStringAsync("/sharing/access-review");
        Assert.Contains($"<a href=\"/declarations/{id}\">{number}</a>", review, StringComparison.Ordinal);
        Assert.Contains("was denied access", review, StringComparison.Ordinal);
        Assert.DoesNotContain($"<code>{id}</code>", review, StringComparison.Ordinal);
    }
}

public sealed class RedactionNoticeTests
{
    [Fact]
    public void A_redaction_notice_says_what_was_withheld_in_words_and_under_which_agreement()
    {
        const string reason = "shared by NCA under agreement 'NCA seizures for PCA' v1, with custody.from, owner, seizingOfficers, witnesses removed";
        Assert.Equal("Names of persons withheld under agreement 'NCA seizures for PCA'.",
            Cordon.Server.Ui.RedactionWords.Notice(["custody.from", "owner", "seizingOfficers", "witnesses"], reason));
        Assert.Equal("Names of persons, addresses and identification numbers withheld under agreement 'NCA declarations for PCA'.",
            Cordon.Server.Ui.RedactionWords.Notice(["importerAddress", "importerCode", "importerName"], "shared by NCA under agreement 'NCA declarations for PCA' v2, with importerAddress removed"));
        Assert.Equal("shared by NCA under agreement 'NCA seizures for PCA' v1", Cordon.Server.Ui.RedactionWords.WithoutFields(reason));
    }
}

public sealed class SeizurePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seizure_page_offers_one_action_at_a_time_and_no_empty_cards()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        List<Guid> seizures;
        await using (var db = host.Store.Open())
        {
            seizures = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Seizures.Select(s => s.Id), Ct);
        }
        Assert.NotEmpty(seizures);
        var officer = await PageSession.SignInAsync(host, "supervisor");
        var actions = 0;
        foreach (var id in seizures)
        {
            var page = await officer.GetStringAsync($"/cases/seizures/{id}");
            var forms = Regex.Matches(page, "<details name=\"seizure-action\"[^>]*>").Select(m => m.Value).ToList();
            actions += forms.Count;
            Assert.True(forms.Count(f => f.Contains(" open", StringComparison.Ordinal)) <= 1, "more than one action open at once");
            Assert.DoesNotMatch(@"<div class=""card""><div class=""muted small"">[^<]*</div>\s*→\s*</div>", page);
            Assert.DoesNotMatch(@"<td>\s*→\s*</td>", page);
            Assert.DoesNotContain("<label>Next step <select", page, StringComparison.Ordinal);
        }
        Assert.True(actions > 0, "no seizure offered any action");
    }
}

public sealed class QuarantineFormTests
{
    [Fact]
    public void A_quarantined_record_becomes_one_field_per_input_with_its_errors_and_the_corrections_go_back_into_its_json()
    {
        var view = new Cordon.Declarations.QuarantineView(Guid.NewGuid(), Cordon.Declarations.IntakeKind.Declaration, "upload.csv", "line 3", "25NL1",
            """{"number":"25NL1","office":null,"items":[{"hsCode":"8517990000","quantity":10}]}""", true,
            new Dictionary<string, string[]> { ["items[0].hsCode"] = ["851799 is not an HS 2022 subheading."], ["office"] = ["is required."], ["lodgedOn"] = ["is required."] },
            TestClock.Fixed, "officer");
        var fields = Cordon.Server.Pages.Declarations.QuarantineForm.Fields(view);
        // The fields to correct come first, including one the record lacks.
        Assert.Equal(["items[0].hsCode", "lodgedOn", "office"], fields.Take(3).Select(f => f.Path).Order(StringComparer.Ordinal).ToList());
        Assert.All(fields.Take(3), f => Assert.NotEmpty(f.Errors));
        Assert.Equal("Item 1 · hs code", fields.Single(f => f.Path == "items[0].hsCode").Label);
        Assert.Contains(fields, f => f.Path == "items[0].quantity" && f.Errors.Count == 0 && f.Value == "10");

        var json = Cordon.Server.Pages.Declarations.QuarantineForm.Apply(view.Content,
            [new("items[0].hsCode", "8517130000"), new("office", "NL000396"), new("lodgedOn", "2026-03-14"), new("items[0].quantity", "12")]);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("NL000396", root.GetProperty("office").GetString());
        Assert.Equal("2026-03-14", root.GetProperty("lodgedOn").GetString());
        Assert.Equal("8517130000", root.GetProperty("items")[0].GetProperty("hsCode").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, root.GetProperty("items")[0].GetProperty("quantity").ValueKind);
        Assert.Equal(12, root.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }
}

public sealed class BulkHitReviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_analyst_dismisses_several_hits_with_one_reason_and_the_page_says_what_else_closed()
    {
        await using var host = await CordonHost.StartAsync(TestStore.Sqlite);
        var analyst = await PageSession.SignInAsync(host, "analyst");
        var page = await analyst.GetStringAsync("/screening/hits");
        var ids = Regex.Matches(page, "<input type=\"checkbox\" name=\"ids\" value=\"([0-9a-f-]+)\" form=\"bulk-review\"").Select(m => m.Groups[1].Value).Take(3).ToList();
        Assert.True(ids.Count >= 2, "the demo should have open hits to review");

        var response = await analyst.PostFormAsync(page, "/screening/hits?handler=ReviewMany",
            ids.Select(id => new KeyValuePair<string, string>("ids", id))
                .Append(new("decision", "dismiss")).Append(new("reason", "same trader, different person (bulk)")));
        var result = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("selected hit(s) with the reason &#x27;same trader, different person (bulk)&#x27;", result, StringComparison.Ordinal);
        await using var db = host.Store.Open();
        var guids = ids.Select(Guid.Parse).ToList();
        var statuses = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.ScreeningHits.Where(h => guids.Contains(h.Id)).Select(h => h.Status), Ct);
        Assert.All(statuses, s => Assert.Equal(Cordon.Screening.Hits.HitStatus.Dismissed, s));
    }
}
