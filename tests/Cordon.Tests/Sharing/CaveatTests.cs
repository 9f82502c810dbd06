using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Sharing;

/// <summary>
/// The caveat rows of the matrix: law-enforcement-only against a reader that is not law enforcement,
/// personal data for statistics and abroad, no onward sharing on exports; and owners changing caveats.
/// Records are NCA's, planted with a recognisable declarant or reference beside the demo's own.
/// </summary>
public sealed class CaveatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Law_enforcement_only_records_are_denied_to_a_statistics_office_on_every_path(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid leoDeclaration, openDeclaration, leoSeizure, openSeizure;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var stat = await AddStatisticsOfficeAsync(db);
            db.SharingAgreements.Add(Agreement(nca.Id, stat.Id, [RecordTypes.Declaration, RecordTypes.Seizure], personalData: false));
            leoDeclaration = AddDeclaration(db, nca.Id, "CAV-LEO", "Leoname", Caveats.LawEnforcementOnly);
            openDeclaration = AddDeclaration(db, nca.Id, "CAV-OPEN", "Openname", Caveats.None);
            leoSeizure = AddSeizure(db, nca.Id, "SZ-CAV-LEO", "Leoowner", Caveats.LawEnforcementOnly);
            openSeizure = AddSeizure(db, nca.Id, "SZ-CAV-OPEN", "Openowner", Caveats.None);
            await db.SaveChangesAsync(Ct);
        }
        var reader = await host.AsAsync("stat.analyst", "statistics");

        var list = await Ok(reader, "/api/declarations?declarant=CAVDECL&pageSize=500");
        var numbers = JsonDocument.Parse(list).RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("number").GetString()).ToList();
        Assert.Equal(["CAV-OPEN"], numbers);
        Assert.Equal(1, JsonDocument.Parse(list).RootElement.GetProperty("total").GetInt32());
        var csv = await Ok(reader, "/api/declarations/export.csv?declarant=CAVDECL");
        Assert.Contains("CAV-OPEN", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("CAV-LEO", csv, StringComparison.Ordinal);
        var seizures = await Ok(reader, "/api/seizures");
        Assert.Contains("SZ-CAV-OPEN", seizures, StringComparison.Ordinal);
        Assert.DoesNotContain("SZ-CAV-LEO", seizures, StringComparison.Ordinal);
        var exported = JsonDocument.Parse(await Ok(reader, "/api/seizures/export.json")).RootElement.EnumerateArray().Select(r => r.GetProperty("seizure").GetString()).ToHashSet();
        Assert.Contains("SZ-CAV-OPEN", exported);
        Assert.DoesNotContain("SZ-CAV-LEO", exported);
        // The chart counts exactly the seizures the reader may see.
        Assert.Equal(exported.Count, JsonDocument.Parse(await Ok(reader, "/api/seizures/statistics")).RootElement.GetProperty("seizures").GetInt32());

        foreach (var url in new[] { $"/api/declarations/{leoDeclaration}", $"/api/seizures/{leoSeizure}" })
        {
            var denied = await (await reader.GetAsync(url, Ct)).ProblemAsync(403);
            Assert.Contains("law-enforcement-only", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("StatisticsOffice", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        // The records without the caveat are read (not marked personal-data either: names included).
        Assert.Contains("Openname", await Ok(reader, $"/api/declarations/{openDeclaration}"), StringComparison.Ordinal);
        (await reader.GetAsync($"/api/seizures/{openSeizure}", Ct)).EnsureSuccessStatusCode();

        // A law-enforcement reader under the same terms reads the law-enforcement-only record.
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var nbp = await db.Agencies.SingleAsync(a => a.Code == "NBP", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, nbp.Id, [RecordTypes.Declaration], personalData: false));
            await db.SaveChangesAsync(Ct);
        }
        var police = await host.AsAsync("bp.officer", "investigation");
        Assert.Contains("Leoname", await Ok(police, $"/api/declarations/{leoDeclaration}"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Personal_data_is_removed_for_statistics_and_abroad_unless_the_agreement_covers_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid personal, plain;
        SharingAgreement abroad;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var nbp = await db.Agencies.SingleAsync(a => a.Code == "NBP", Ct);
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, nbp.Id, [RecordTypes.Declaration], personalData: false));
            db.SharingAgreements.Add(abroad = Agreement(nca.Id, pca.Id, [RecordTypes.Declaration], personalData: false));
            personal = AddDeclaration(db, nca.Id, "CAV-PD", "Personname", Caveats.PersonalData);
            plain = AddDeclaration(db, nca.Id, "CAV-NOPD", "Companyname", Caveats.None);
            await db.SaveChangesAsync(Ct);
        }

        // Domestic law enforcement: names for investigation, none for statistics (list and read alike).
        var investigation = await host.AsAsync("bp.officer", "investigation");
        Assert.Contains("Personname", await Ok(investigation, $"/api/declarations/{personal}"), StringComparison.Ordinal);
        Assert.Contains("Personname", await Ok(investigation, "/api/declarations?declarant=CAVDECL"), StringComparison.Ordinal);
        var statistics = await host.AsAsync("bp.officer", "statistics");
        var read = JsonDocument.Parse(await Ok(statistics, $"/api/declarations/{personal}")).RootElement;
        Assert.Contains("importerName", read.GetProperty("redacted").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Personname", read.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Personname", await Ok(statistics, "/api/declarations?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.DoesNotContain("Personname", await Ok(statistics, "/api/declarations/export.csv?declarant=CAVDECL"), StringComparison.Ordinal);
        // A record the owner does not mark as personal data keeps its (company) names.
        Assert.Contains("Companyname", await Ok(statistics, $"/api/declarations/{plain}"), StringComparison.Ordinal);

        // Abroad: removed for every purpose while the agreement does not cover personal data...
        var partner = await host.AsAsync("pca.officer", "investigation");
        Assert.DoesNotContain("Personname", await Ok(partner, $"/api/declarations/{personal}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Personname", await Ok(partner, "/api/declarations?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.Contains("Companyname", await Ok(partner, $"/api/declarations/{plain}"), StringComparison.Ordinal);
        // ...and shown once it expressly does.
        await using (var db = host.Store.Open())
        {
            var row = await db.SharingAgreements.SingleAsync(a => a.Id == abroad.Id, Ct);
            row.PersonalData = true;
            await db.SaveChangesAsync(Ct);
        }
        Assert.Contains("Personname", await Ok(partner, $"/api/declarations/{personal}"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task No_onward_sharing_records_are_read_but_left_out_of_a_partners_exports(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, pca.Id, [RecordTypes.Declaration, RecordTypes.Seizure], personalData: true));
            AddDeclaration(db, nca.Id, "CAV-KEEP", "Keepname", Caveats.NoOnwardSharing);
            AddDeclaration(db, nca.Id, "CAV-PASS", "Passname", Caveats.None);
            AddSeizure(db, nca.Id, "SZ-CAV-KEEP", "Keepowner", Caveats.NoOnwardSharing);
            AddSeizure(db, nca.Id, "SZ-CAV-PASS", "Passowner", Caveats.None);
            await db.SaveChangesAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer", "investigation");
        var list = await Ok(partner, "/api/declarations?declarant=CAVDECL");
        Assert.Contains("CAV-KEEP", list, StringComparison.Ordinal);
        Assert.Contains("CAV-PASS", list, StringComparison.Ordinal);
        var csv = await Ok(partner, "/api/declarations/export.csv?declarant=CAVDECL");
        Assert.Contains("CAV-PASS", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("CAV-KEEP", csv, StringComparison.Ordinal);
        Assert.Contains("SZ-CAV-KEEP", await Ok(partner, "/api/seizures"), StringComparison.Ordinal);
        foreach (var export in new[] { "/api/seizures/export.json", "/api/seizures/export.csv" })
        {
            var body = await Ok(partner, export);
            Assert.Contains("SZ-CAV-PASS", body, StringComparison.Ordinal);
            Assert.DoesNotContain("SZ-CAV-KEEP", body, StringComparison.Ordinal);
        }
        // The owner is not bound by its own caveat.
        var owner = await host.AsAsync("analyst", "investigation");
        Assert.Contains("CAV-KEEP", await Ok(owner, "/api/declarations/export.csv?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.Contains("SZ-CAV-KEEP", await Ok(owner, "/api/seizures/export.json"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Owners_change_marking_and_caveats_of_any_record_type_and_the_partner_loses_it_at_once(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid seizure, @case;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var stat = await AddStatisticsOfficeAsync(db);
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, pca.Id, [RecordTypes.Seizure, RecordTypes.Case], personalData: true, max: Tlp.Amber));
            db.SharingAgreements.Add(Agreement(nca.Id, stat.Id, [RecordTypes.Seizure], personalData: false, max: Tlp.Amber));
            seizure = AddSeizure(db, nca.Id, "SZ-CAV-MARK", "Markowner", Caveats.None);
            var c = new Case { OwningAgencyId = nca.Id, Marking = Tlp.Green, Caveats = Caveats.None, Reference = "CASE-CAV-MARK", Title = "Marking case", CreatedBy = "analyst", UpdatedBy = "analyst",
                CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now };
            db.Cases.Add(c);
            @case = c.Id;
            await db.SaveChangesAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer", "investigation");
        var stats = await host.AsAsync("stat.analyst", "statistics");
        (await partner.GetAsync($"/api/seizures/{seizure}", Ct)).EnsureSuccessStatusCode();
        (await partner.GetAsync($"/api/cases/{@case}", Ct)).EnsureSuccessStatusCode();
        (await stats.GetAsync($"/api/seizures/{seizure}", Ct)).EnsureSuccessStatusCode();

        var analyst = await host.AsAsync("analyst");
        // Who may, and what is refused, naming the field.
        await (await partner.PutAsJsonAsync($"/api/records/seizure/{seizure}/marking", new { marking = "TLP:CLEAR", reason = "We would like more" }, Ct)).ProblemAsync(403);
        await (await (await host.AsAsync("officer")).PutAsJsonAsync($"/api/records/seizure/{seizure}/marking", new { marking = "TLP:RED", reason = "Open investigation" }, Ct)).ProblemAsync(403);
        await (await analyst.PutAsJsonAsync($"/api/records/spaceship/{seizure}/marking", new { marking = "TLP:RED", reason = "Open investigation" }, Ct)).ProblemAsync(404);
        var badCaveat = await (await analyst.PutAsJsonAsync($"/api/records/seizure/{seizure}/marking", new { caveats = new[] { "top-secret" }, reason = "Open investigation" }, Ct)).ProblemAsync(400);
        Assert.True(badCaveat.GetProperty("errors").TryGetProperty("caveats", out _));
        await (await analyst.PutAsJsonAsync($"/api/records/seizure/{seizure}/marking", new { marking = "TLP:RED" }, Ct)).ProblemAsync(400);

        // Raising above the agreement withdraws the seizure from the partner at once, on read and list.
        var raised = await (await analyst.PutAsJsonAsync($"/api/records/seizure/{seizure}/marking", new { marking = "TLP:RED", reason = "Linked to an open investigation" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal("TLP:RED", raised.GetProperty("marking").GetString());
        var denied = await (await partner.GetAsync($"/api/seizures/{seizure}", Ct)).ProblemAsync(403);
        Assert.Contains("covers records up to TLP:AMBER; this record is TLP:RED", denied.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SZ-CAV-MARK", await Ok(partner, "/api/seizures"), StringComparison.Ordinal);

        // Lowering it again and marking it law-enforcement-only: the partner reads it, the statistics office no longer does.
        var changed = await (await analyst.PutAsJsonAsync($"/api/records/seizure/{seizure}/marking",
            new { marking = "TLP:GREEN", caveats = new[] { "law-enforcement-only", "personal-data" }, reason = "Investigation closed; suspects named" }, Ct)).OkAsync<JsonElement>();
        Assert.Equal(["law-enforcement-only", "personal-data"], changed.GetProperty("caveats").EnumerateArray().Select(e => e.GetString()));
        (await partner.GetAsync($"/api/seizures/{seizure}", Ct)).EnsureSuccessStatusCode();
        var leo = await (await stats.GetAsync($"/api/seizures/{seizure}", Ct)).ProblemAsync(403);
        Assert.Contains("law-enforcement-only", leo.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SZ-CAV-MARK", await Ok(stats, "/api/seizures"), StringComparison.Ordinal);

        // The same endpoint serves cases.
        await (await analyst.PutAsJsonAsync($"/api/records/case/{@case}/marking", new { marking = "TLP:AMBER+STRICT", reason = "Covert phase begins" }, Ct)).OkAsync<JsonElement>();
        await (await partner.GetAsync($"/api/cases/{@case}", Ct)).ProblemAsync(403);

        await using var check = host.Store.Open();
        var entries = await check.AuditEntries.AsNoTracking().Where(e => e.Action == "marking.change").OrderBy(e => e.LeafIndex).ToListAsync(Ct);
        Assert.Equal([seizure.ToString(), seizure.ToString(), @case.ToString()], entries.Select(e => e.RecordId));
        Assert.Contains("Investigation closed; suspects named", entries[1].Details, StringComparison.Ordinal);
        Assert.Contains("law-enforcement-only", entries[1].Details, StringComparison.Ordinal);
        var stored = await check.Seizures.AsNoTracking().SingleAsync(s => s.Id == seizure, Ct);
        Assert.Equal((Tlp.Green, Caveats.LawEnforcementOnly | Caveats.PersonalData), (stored.Marking, stored.Caveats));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_marking_form_on_a_detail_page_changes_marking_and_caveats_for_the_owner_only(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid seizure;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, pca.Id, [RecordTypes.Seizure], personalData: true, max: Tlp.Amber));
            seizure = AddSeizure(db, nca.Id, "SZ-CAV-FORM", "Formowner", Caveats.PersonalData);
            await db.SaveChangesAsync(Ct);
        }
        var page = $"/cases/seizures/{seizure}";
        var partner = await host.AsAsync("pca.officer", "investigation");
        var shared = await Ok(partner, page);
        Assert.Contains("SZ-CAV-FORM", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"marking\"", shared, StringComparison.Ordinal);

        var analyst = await host.AsAsync("analyst");
        var response = await analyst.GetAsync(page, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"marking\"", html, StringComparison.Ordinal);
        Assert.Contains("caveats: personal-data", html, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/sharing/marking")
        {
            Content = new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", token), new("recordType", RecordTypes.Seizure), new("id", seizure.ToString()), new("returnUrl", page),
                new("marking", "TLP:AMBER+STRICT"), new("caveats", "none"), new("caveats", "no-onward-sharing"), new("reason", "Controlled delivery under way"),
            ]),
        };
        post.Headers.Add("Cookie", string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var done = await analyst.SendAsync(post, Ct);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(page, done.Headers.Location?.OriginalString);

        await using var check = host.Store.Open();
        var stored = await check.Seizures.AsNoTracking().SingleAsync(s => s.Id == seizure, Ct);
        Assert.Equal((Tlp.AmberStrict, Caveats.NoOnwardSharing), (stored.Marking, stored.Caveats));
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == "marking.change" && e.RecordId == seizure.ToString(), Ct));
        await (await partner.GetAsync($"/api/seizures/{seizure}", Ct)).ProblemAsync(403);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_law_enforcement_only_alert_never_reaches_a_statistics_office_subscriber(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid leo;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var stat = await AddStatisticsOfficeAsync(db);
            db.SharingAgreements.Add(Agreement(nca.Id, stat.Id, [RecordTypes.Alert], personalData: false));
            db.AlertSubscriptions.Add(new Cordon.Alerting.AlertSubscription
            {
                CreatedAt = TestClock.Now,
                AgencyId = stat.Id, Name = "Everything NCA shares", MaxMarking = Tlp.Red, Purpose = Purpose.Statistics, Channel = Cordon.Alerting.AlertChannel.Ui, CreatedBy = "test",
            });
            await db.SaveChangesAsync(Ct);
            // Same agreement, same marking: only the caveat differs.
            leo = Cordon.Alerting.Alerts.Raise(db, new Cordon.Alerting.AlertDraft(Cordon.Alerting.AlertKinds.Custom, "CAV-ALERT-LEO", nca.Id, Tlp.Green) { Caveats = Caveats.LawEnforcementOnly }).Id;
            Cordon.Alerting.Alerts.Raise(db, new Cordon.Alerting.AlertDraft(Cordon.Alerting.AlertKinds.Custom, "CAV-ALERT-OPEN", nca.Id, Tlp.Green));
            await db.SaveChangesAsync(Ct);
        }
        // The server's own dispatcher fans both out; wait until it has decided both.
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.Store.Open();
            return await db.Alerts.AsNoTracking().Where(a => a.Title.StartsWith("CAV-ALERT-")).AllAsync(a => a.DispatchedAt != null, Ct);
        }, TimeSpan.FromSeconds(20), () => "the dispatcher did not decide both alerts within 20 s", TimeSpan.FromMilliseconds(200));
        var reader = await host.AsAsync("stat.analyst", "statistics");
        var inbox = await Ok(reader, "/api/alerts/inbox");
        Assert.Contains("CAV-ALERT-OPEN", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("CAV-ALERT-LEO", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("CAV-ALERT-LEO", await Ok(reader, "/api/alerts"), StringComparison.Ordinal);
        await using (var db = host.Store.Open())
        {
            var statId = (await db.Agencies.SingleAsync(a => a.Code == "STAT", Ct)).Id;
            Assert.False(await db.AlertDeliveries.AnyAsync(d => d.AlertId == leo && d.AgencyId == statId, Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_deadline_alert_about_a_law_enforcement_only_case_never_reaches_a_statistics_office(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid caseId;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var stat = await AddStatisticsOfficeAsync(db);
            db.SharingAgreements.Add(Agreement(nca.Id, stat.Id, [RecordTypes.Case, RecordTypes.Alert], personalData: false));
            db.AlertSubscriptions.Add(new Cordon.Alerting.AlertSubscription
            {
                CreatedAt = TestClock.Now,
                AgencyId = stat.Id, Name = "Everything NCA shares", MaxMarking = Tlp.Red, Purpose = Purpose.Statistics, Channel = Cordon.Alerting.AlertChannel.Ui, CreatedBy = "test",
            });
            var @case = new Case
            {
                OwningAgencyId = nca.Id, Marking = Tlp.Green, Caveats = Caveats.LawEnforcementOnly, Reference = "CASE-CAV-DEADLINE", Title = "Bank records",
                CreatedAt = TestClock.Now, CreatedBy = "caveats", UpdatedAt = TestClock.Now, UpdatedBy = "caveats",
            };
            db.Cases.Add(@case);
            db.CaseTasks.Add(new CaseTask
            {
                CaseId = @case.Id, Title = "Request the importer's bank records", AssignedAgencyId = nca.Id, DueOn = new DateOnly(2026, 1, 5), CreatedAt = TestClock.Now, CreatedBy = "caveats",
            });
            caseId = @case.Id;
            await db.SaveChangesAsync(Ct);
            // The host's own sweep may raise it first; either way there is one deadline alert for the task.
            await Cordon.Alerting.DeadlineAlerts.SweepAsync(db, TestClock.Now, Ct);
        }
        Guid alertId;
        await using (var db = host.Store.Open())
        {
            var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Kind == Cordon.Alerting.AlertKinds.DeadlineOverdue && a.RecordId == caseId.ToString(), Ct);
            Assert.True(alert.Caveats.HasFlag(Caveats.LawEnforcementOnly), $"the deadline alert carries {alert.Caveats.Label()}, not its case's law-enforcement-only");
            alertId = alert.Id;
            await Eventually.UntilAsync(() => db.Alerts.AsNoTracking().AnyAsync(a => a.Id == alertId && a.DispatchedAt != null, Ct), TimeSpan.FromSeconds(20),
                () => "the deadline alert was not dispatched within 20 s", TimeSpan.FromMilliseconds(200));
        }
        var reader = await host.AsAsync("stat.analyst", "statistics");
        Assert.DoesNotContain("bank records", await Ok(reader, "/api/alerts"), StringComparison.Ordinal);
        Assert.DoesNotContain("bank records", await Ok(reader, "/api/alerts/inbox"), StringComparison.Ordinal);
        await using (var db = host.Store.Open())
        {
            var statId = (await db.Agencies.SingleAsync(a => a.Code == "STAT", Ct)).Id;
            // No delivery at all: neither the inbox nor a webhook (webhooks are deliveries) carries it.
            Assert.False(await db.AlertDeliveries.AnyAsync(d => d.AlertId == alertId && d.AgencyId == statId, Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task An_agreement_without_onward_sharing_keeps_its_records_out_of_the_recipients_exports_and_feeds(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid pcaId;
        await using (var db = host.Store.Open())
        {
            var nca = await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct);
            var pca = await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct);
            var nbp = await db.Agencies.SingleAsync(a => a.Code == "NBP", Ct);
            db.SharingAgreements.Add(Agreement(nca.Id, pca.Id, [RecordTypes.Declaration, RecordTypes.Seizure], personalData: true));
            AddDeclaration(db, nca.Id, "CAV-NOONWARD", "Staysname", Caveats.None);
            AddSeizure(db, nca.Id, "SZ-CAV-NOONWARD", "Staysowner", Caveats.None);
            // PCA's own agreement with NBP shares PCA's records, never NCA's.
            db.SharingAgreements.Add(Agreement(pca.Id, nbp.Id, [RecordTypes.Declaration], personalData: true));
            await db.SaveChangesAsync(Ct);
            pcaId = pca.Id;
            foreach (var a in await db.SharingAgreements.Where(a => a.ProviderAgencyId == nca.Id && a.RecipientAgencyId == pca.Id).ToListAsync(Ct))
            {
                a.OnwardSharing = false;
            }
            await db.SaveChangesAsync(Ct);
        }
        var partner = await host.AsAsync("pca.officer", "investigation");
        // Read here, as the agreement allows...
        Assert.Contains("CAV-NOONWARD", await Ok(partner, "/api/declarations?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.Contains("SZ-CAV-NOONWARD", await Ok(partner, "/api/seizures"), StringComparison.Ordinal);
        // ...never passed on: exports to files and the TAXII feed leave them out.
        Assert.DoesNotContain("CAV-NOONWARD", await Ok(partner, "/api/declarations/export.csv?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.DoesNotContain("SZ-CAV-NOONWARD", await Ok(partner, "/api/seizures/export.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("SZ-CAV-NOONWARD", await Ok(partner, "/api/seizures/export.csv"), StringComparison.Ordinal);
        var taxii = await host.AsAsync("pca.officer", purpose: "investigation");
        taxii.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/taxii+json")
            { Parameters = { new System.Net.Http.Headers.NameValueHeaderValue("version", "2.1") } });
        var feed = await Ok(taxii, $"{Cordon.Taxii.TaxiiEndpoints.Root}/collections/{Cordon.Taxii.TaxiiEndpoints.SeizureCollection}/objects/");
        Assert.DoesNotContain("SZ-CAV-NOONWARD", feed, StringComparison.Ordinal);
        // PCA's own agreement with NBP passes on nothing of NCA's.
        var border = await host.AsAsync("bp.officer", "investigation");
        Assert.DoesNotContain("CAV-NOONWARD", await Ok(border, "/api/declarations?declarant=CAVDECL"), StringComparison.Ordinal);

        // The same agreement allowing onward sharing: the same exports and feed carry them.
        await using (var db = host.Store.Open())
        {
            foreach (var a in await db.SharingAgreements.Where(a => a.RecipientAgencyId == pcaId).ToListAsync(Ct))
            {
                a.OnwardSharing = true;
            }
            await db.SaveChangesAsync(Ct);
        }
        Assert.Contains("CAV-NOONWARD", await Ok(partner, "/api/declarations/export.csv?declarant=CAVDECL"), StringComparison.Ordinal);
        Assert.Contains("SZ-CAV-NOONWARD", await Ok(partner, "/api/seizures/export.json"), StringComparison.Ordinal);
        Assert.Contains("SZ-CAV-NOONWARD", await Ok(taxii, $"{Cordon.Taxii.TaxiiEndpoints.Root}/collections/{Cordon.Taxii.TaxiiEndpoints.SeizureCollection}/objects/"), StringComparison.Ordinal);
    }

    private static async Task<Agency> AddStatisticsOfficeAsync(CordonDb db)
    {
        var stat = new Agency { Code = "STAT", Name = "National Statistics Office", Kind = AgencyKind.StatisticsOffice, Country = "NL" };
        db.Agencies.Add(stat);
        var template = await db.Users.AsNoTracking().FirstAsync(Ct);
        db.Users.Add(new User { UserName = "stat.analyst", DisplayName = "Stella Statistician", AgencyId = stat.Id, Roles = Roles.Analyst, PasswordHash = template.PasswordHash });
        return stat;
    }

    private static SharingAgreement Agreement(Guid provider, Guid recipient, string[] types, bool personalData, Tlp max = Tlp.Red) => new()
    {
        Title = $"Caveat test {types[0]}",
        ProviderAgencyId = provider,
        RecipientAgencyId = recipient,
        RecordTypes = types,
        MaxMarking = max,
        Purposes = Enum.GetValues<Purpose>(),
        PersonalData = personalData,
        OnwardSharing = true, // the exports below are the recipient passing records on: the agreement allows it, the caveats decide
        ValidFrom = TestClock.Now.AddDays(-1),
        ValidUntil = TestClock.Now.AddDays(30),
        Status = AgreementStatus.Active,
        ProviderApprovedAt = TestClock.Now.AddDays(-1),
        RecipientApprovedAt = TestClock.Now.AddDays(-1),
    };

    private static Guid AddDeclaration(CordonDb db, Guid owner, string number, string importer, Caveats caveats)
    {
        var d = new Declaration
        {
            OwningAgencyId = owner, Marking = Tlp.Green, Caveats = caveats, Kind = DeclarationKind.Import, Office = "NL000396", Declarant = "CAVDECL", Number = number,
            LodgedOn = new DateOnly(2026, 3, 1), ImporterCode = "NL" + importer, ImporterName = importer, ImporterCountry = "NL",
            OriginCountry = "CN", Currency = "EUR", TotalCif = 1000m, ItemCount = 1, ContentHash = new byte[32], UpdatedBy = "caveats",
            FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        d.Items.Add(new DeclarationItem { HsCode = "870323", Description = "Cars", Cif = 1000m });
        db.Declarations.Add(d);
        return d.Id;
    }

    private static Guid AddSeizure(CordonDb db, Guid owner, string reference, string ownerName, Caveats caveats)
    {
        var seizure = new Seizure
        {
            OwningAgencyId = owner, Marking = Tlp.Green, Caveats = caveats, Reference = reference, Office = "NL000396", SeizedAt = TestClock.Now.AddDays(-1),
            Items = [new SeizedItem("white powder", "293972", 10, "kg", 10.2m, 500_000m, "EUR", "cocaine")],
            SeizingOfficers = ["caveat officer"], Witnesses = [], Owner = ownerName, LegalBasis = "Opium Act art. 2", RouteFrom = "EC", RouteTo = "NL",
            // Recorded a minute ago: the TAXII feed lists a seizure only once it has settled (2 s), and a feed that
            // leaves out a seizure too new to list proves nothing about onward sharing.
            CreatedAt = TestClock.Now.AddMinutes(-1), CreatedBy = "caveats",
        };
        db.Seizures.Add(seizure);
        return seizure.Id;
    }

    private static async Task<string> Ok(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }
}
