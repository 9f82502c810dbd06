using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Alerting;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Risk;
using Cordon.Risk.Criteria;
using Cordon.Risk.Lanes;
using Cordon.Risk.Model;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Sharing;

/// <summary>
/// The partner's view of everything: NCA's records hold unique canaries in the fields an agreement
/// withholds (by name, through "@personal", derived totals, the owner's targeting rules) and in a record
/// above the agreement's marking; PCA then reads, with an API key, every GET route of the server's
/// OpenAPI document (ids taken from the lists and the planted records), every page of its navigation and
/// the links on them, and probes every query parameter with withheld values against random ones. No
/// route is listed here: a new route is crawled as soon as it is in the OpenAPI document or linked from a page.
/// </summary>
public sealed partial class CanaryCrawlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Withheld: none of these may reach the partner anywhere.
    private const string ImporterName = "Canaryimportername4417";
    private const string ImporterCode = "NLCANARY44170";
    private const string Office = "NLCNRY01";
    private const string Declarant = "CNRYDECL9";
    private const string ItemDescription = "Canary-item-desc-8812";
    private const string CriterionName = "Canary-criterion-6021";
    private const string SeizureOwner = "Canaryowner3391";
    private const string RedNumber = "CANARY-RED-5150";
    private const string TravellerSurname = "Canarysurname5521";
    private const string TravellerDocument = "CNRYDOC5521";
    private static readonly decimal[] ItemCifs = [31415.92m, 27182.81m];
    // The other record types: withheld explicitly (titles, goods, office), through "@personal" (filer, reporter,
    // timeline, evidence) and through the personal-data caveat alone (NBP's records: its agreement lists no field).
    private const string GoodsDescription = "Canary-goods-2718";
    private const string Filer = "CNRYFILER7";
    private const string CaseTitle = "Canary-case-title-1618";
    private const string IncidentTitle = "Canary-incident-title-1414";
    private const string Reporter = "Canaryreporter2236";
    private const string TimelineText = "Canary-timeline-9931";
    private const string Evidence = "CANARY-EVIDENCE-5772";
    private const string CaveatReporter = "Canarycaveatreporter6180";
    private const string CaveatEvidence = "CANARY-CAVEAT-EVID-3141";
    private const string CaveatFiler = "CNRYCAVFILER";
    // Seizures: the chain of custody (who holds the goods, who handed them over and why: personal), officers and
    // witnesses (personal), and the concealment and detection methods (withheld by name), which the non-nominal
    // seizure report and statistics carry too.
    private const string FirstCustodian = "Canaryfirstcustodian1123";
    private const string Custodian = "Canarycustodian8080 (analyst R. Canary)";
    private const string CustodyRecorder = "Canaryrecorder4242";
    private const string HandoverReason = "Canary-handover-reason-3636";
    private const string SeizingOfficer = "Canaryofficer7070";
    private const string Witness = "Canarywitness5858";
    private const string Concealment = "Canary-concealment-2929";
    private const string Detection = "Canary-detection-1919";
    // A screening hit on the shared declaration: the party, the listed person it resembles, the review (personal).
    private const string HitParty = "Canaryhitparty6464";
    private const string HitIdentifier = "CNRYHITID6464";
    private const string HitEntry = "Canarylistedperson7575";
    private const string HitReviewer = "Canaryreviewer8686";
    private const string HitReason = "Canary-review-reason-9797";
    private const string HitDetail = "Canary-match-detail-1212";
    // A case task's title, withheld by name: the deadline alert about it ("Overdue: Task: …") must not quote it.
    private const string TaskTitle = "Canary-task-title-3434";
    // A shared procedure: who wrote and approved it (personal), the change note (withheld by name); one above the marking.
    private const string ProcedureAuthor = "Canaryprocedureauthor4545";
    private const string ProcedureApprover = "Canaryprocedureapprover4646";
    private const string ProcedureChange = "Canary-procedure-change-4747";
    private const string RedProcedure = "Canary-red-procedure-4848";
    // Above the agreement's marking, or of a type no agreement covers: never seen at all.
    private const string RedCase = "CASE-CANARY-RED-4669";
    private const string RedIncident = "Canary-red-incident-2502";
    private const string UncoveredInspection = "INS-CNRY-UNCOV-8128";
    // Assets: the serial withheld by name, who registered it through "@personal", and an asset above the marking.
    private const string AssetSerial = "CNRY-SERIAL-6543";
    private const string AssetKeeper = "Canaryassetkeeper4321";
    private const string RedAsset = "CNRY-RED-ASSET-2468";
    // Messages: PCA is a member of NCA's channel; the text, the author and a Warning's vehicle are personal ("@personal"),
    // the where is withheld by name; a RED message and a channel PCA is not a member of are never seen at all.
    private const string MessageText = "Canary-message-text-4848";
    private const string MessageAuthor = "Canarymessageauthor5353";
    private const string MessageVehicle = "CNRY-VEH-6262";
    private const string MessageWhere = "Canary-message-where-7171";
    private const string RedMessage = "Canary-red-message-8383";
    private const string ClosedChannel = "Canary-closed-channel-9494";
    private const string ClosedChannelMessage = "Canary-closed-channel-message-1515";
    private const string AttachmentName = "Canary-attachment-name-2727.txt";
    private const string AttachmentContent = "Canary-attachment-content-3838";
    // The canary traveller's booking (PNR): all of it personal, withheld from a partner without the personal-data clause.
    private const string BookingCompanion = "CANARYCOMPANION, BOOKED 6262";
    private const string BookingPhone = "+31 6 2626 3737";
    private const string BookingEmail = "canary.booking.4949@example.org";
    private const string BookingAddress = "Canary-booking-address-5050";
    private const string BookingAgency = "Canary-travel-agency-6161";
    private const string BookingCardHash = "ca7a2e0c1d0e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c";
    // NCA's border section: an operations record the partner's agreement does not cover.
    private const string SectionName = "Canary-section-name-7272";
    private const string SectionReason = "Canary-section-reason-8383";
    private const string SectionEvidence = "Canary-section-evidence-9494";
    // Shown: proves the partner did receive the records.
    private const string VisibleNumber = "CANARY-DECL-1";
    private const string VisibleSeizure = "SZ-CANARY-1";

    private static readonly string[] Withheld =
    [
        ImporterName, ImporterCode, Office, Declarant, ItemDescription, CriterionName, SeizureOwner, RedNumber, TravellerSurname, TravellerDocument,
        GoodsDescription, Filer, CaseTitle, IncidentTitle, Reporter, TimelineText, Evidence, CaveatReporter, CaveatEvidence, CaveatFiler,
        RedCase, RedIncident, UncoveredInspection,
        FirstCustodian, Custodian, CustodyRecorder, HandoverReason, SeizingOfficer, Witness, Concealment, Detection,
        HitParty, HitIdentifier, HitEntry, HitReviewer, HitReason, HitDetail, TaskTitle,
        ProcedureAuthor, ProcedureApprover, ProcedureChange, RedProcedure, AssetSerial, AssetKeeper, RedAsset,
        MessageText, MessageAuthor, MessageVehicle, MessageWhere, RedMessage, ClosedChannel, ClosedChannelMessage, AttachmentName, AttachmentContent,
        BookingCompanion, BookingPhone, BookingEmail, BookingAddress, BookingAgency, BookingCardHash, SectionName, SectionReason, SectionEvidence,
        .. ItemCifs.Append(ItemCifs.Sum()).SelectMany(Numbers),
    ];

    /// <summary>Identifier-like withheld values a partner could try as filters.</summary>
    private static readonly string[] Probes = [ImporterCode, Office, Declarant, Filer];

    private static IEnumerable<string> Numbers(decimal v)
        => [v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), v.ToString("N2", System.Globalization.CultureInfo.InvariantCulture)];

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_reading_every_route_and_page_never_meets_a_withheld_canary(string store)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await CordonHost.StartAsync(store, true, WebhookReceiver.HostArgs);
        // The partner's admin subscribes its agency to every alert, in Cordon and by webhook, before anything is raised.
        var partnerAdmin = await host.AsAsync("pca.admin", "investigation");
        foreach (var (channel, url) in new[] { ("ui", (string?)null), ("webhook", receiver.Url) })
        {
            (await partnerAdmin.PostAsJsonAsync("/api/alerts/subscriptions",
                new Cordon.Alerting.SubscriptionInput($"Canary {channel}", [], null, null, "TLP:RED", "investigation", channel, url, true), Ct)).EnsureSuccessStatusCode();
        }
        // Filters on a withheld value answer nothing: one subscription filters on the withheld office, one on an office
        // nobody uses; neither may receive a delivery (the referral alert names the withheld office).
        var filtered = new List<Guid>();
        foreach (var office in new[] { Office, "NLZZZ999" })
        {
            var sub = await (await partnerAdmin.PostAsJsonAsync("/api/alerts/subscriptions",
                new Cordon.Alerting.SubscriptionInput($"Canary office filter {filtered.Count + 1}", [], office, null, "TLP:RED", "investigation", "ui", null, true), Ct)).OkAsync<JsonElement>();
            filtered.Add(sub.GetProperty("id").GetGuid());
        }
        var known = await PlantAsync(host);
        var alerts = await RaiseAlertsAsync(host);
        var partner = await host.AsAsync("pca.officer", "investigation");
        var leaks = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        PageSession? session = null; // set for the browser-session crawl below

        async Task<(int Status, string Body)> Read(string url)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3)); // event streams: what arrives in three seconds
            var body = new System.Text.StringBuilder();
            var status = 0;
            try
            {
                using var response = session is null
                    ? await partner.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                    : await session.GetHeadersAsync(url, timeout.Token);
                status = (int)response.StatusCode;
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                using var reader = new StreamReader(stream);
                var buffer = new char[8192];
                int n;
                while ((n = await reader.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    body.Append(buffer, 0, n);
                }
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
            }
            var text = body.ToString();
            Check(session is null ? url : "session " + url, text, status);
            return (status, text);
        }

        void Check(string where, string text, int status = 200)
        {
            seen[where] = text;
            foreach (var canary in Withheld.Where(c => text.Contains(c, StringComparison.Ordinal)))
            {
                leaks.Add($"{where} ({status}) shows {canary}");
            }
        }

        // What the partner's webhook received: every planted alert, each quoting nothing withheld.
        await Eventually.UntilAsync(() => alerts.All(id => receiver.Bodies.Values.Any(b => b.Contains(id, StringComparison.Ordinal))), TimeSpan.FromSeconds(60),
            () => $"the webhook received {receiver.Bodies.Count} bodies in 60 s, not every planted alert", TimeSpan.FromMilliseconds(200));
        foreach (var (key, body) in receiver.Bodies)
        {
            Check($"webhook {key}", body);
        }
        Assert.True(receiver.Bodies.Values.Any(b => b.Contains(AlertQuotes.Withheld, StringComparison.Ordinal) && b.Contains(VisibleCase, StringComparison.Ordinal)),
            "no webhook body quotes the overdue task's case with the task's title withheld:\n" + string.Join("\n", receiver.Bodies.Values));

        await Eventually.UntilAsync(() => receiver.Bodies.Values.Any(b => b.Contains("Referral to PCA", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
            () => "the owner's criterion referral never reached the partner's webhook:\n" + string.Join("\n", receiver.Bodies.Values), TimeSpan.FromMilliseconds(200));
        foreach (var (key, body) in receiver.Bodies)
        {
            Check($"webhook {key}", body);
        }

        await using (var db = host.Store.Open())
        {
            Assert.False(await db.AlertDeliveries.AnyAsync(d => filtered.Contains(d.SubscriptionId), Ct),
                "a subscription filtering on the withheld office received the referral: the filter answered a question about a withheld value");
            // The partner typed the guess into its own filter; the probe goes before the crawl, which would find it there.
            await db.AlertSubscriptions.Where(x => filtered.Contains(x.Id)).ExecuteDeleteAsync(Ct);
        }

        // Every GET route of the API, as documented.
        using var openApi = JsonDocument.Parse(await (await partner.GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        var routes = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => (Path: p.Name, Query: QueryParameters(p.Value.GetProperty("get"))))
            .ToList();
        Assert.True(routes.Count >= 50, $"the OpenAPI document lists only {routes.Count} GET routes");
        var plain = routes.Where(r => !r.Path.Contains('{')).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        foreach (var (path, _) in plain)
        {
            await Read(path);
            // Lists page: read each once more with the largest page, so planted rows are not left on page two.
            await Read($"{path}?pageSize=500&limit=500&take=500");
        }
        var templated = routes.Where(r => r.Path.Contains('{')).ToList();
        var crawledTemplates = 0;
        foreach (var (path, _) in templated)
        {
            var parameters = Parameter().Matches(path).Select(m => m.Groups[1].Value).ToList();
            var parent = path[..path.IndexOf('{')].TrimEnd('/');
            var candidates = known.Concat(seen.TryGetValue(parent, out var list) ? IdsIn(list, parameters[0]).Take(3) : []).Distinct().ToList();
            foreach (var id in candidates)
            {
                await FillAsync(path.Replace("{" + parameters[0] + "}", Uri.EscapeDataString(id), StringComparison.Ordinal), parameters[1..]);
            }
            crawledTemplates++;
        }
        Assert.Contains(seen.Keys, k => k.Contains("/attachments/", StringComparison.Ordinal) && known.Any(id => k.EndsWith(id, StringComparison.Ordinal)));
        // The border sections' list and the one section by id were read (neither may show NCA's section).
        Assert.Contains("/api/operations/border-sections", seen.Keys);
        Assert.Contains(seen.Keys, k => k.StartsWith("/api/operations/border-sections/", StringComparison.Ordinal) && known.Any(id => k.EndsWith(id, StringComparison.Ordinal)));

        // A route under two or three ids: each later id is taken from what the nearest readable address above it returned
        // (a channel's messages give their ids and their files' ids), so the route is crawled with real ones.
        async Task FillAsync(string url, List<string> rest)
        {
            if (rest.Count == 0)
            {
                await Read(url);
                return;
            }
            var p = rest[0];
            var values = new List<string>();
            if (p.Contains("version", StringComparison.OrdinalIgnoreCase) || p.Contains("page", StringComparison.OrdinalIgnoreCase))
            {
                values.Add("1");
            }
            else
            {
                for (var above = url[..url.IndexOf("{" + p + "}", StringComparison.Ordinal)].TrimEnd('/'); values.Count == 0 && above.Length > 0; above = above[..above.LastIndexOf('/')])
                {
                    if (!seen.TryGetValue(above, out var body))
                    {
                        body = (await Read(above)).Body;
                    }
                    values.AddRange(IdsIn(body, p).Distinct().Take(10));
                }
            }
            foreach (var value in values)
            {
                await FillAsync(url.Replace("{" + p + "}", Uri.EscapeDataString(value), StringComparison.Ordinal), rest[1..]);
            }
        }

        // Every page of the partner's navigation, and the pages they link to.
        var actor = new Actor(null, null, Roles.Officer | Roles.Analyst, "pca.officer", ActorKind.ApiKey);
        var pages = Cordon.Server.Ui.Navigation.For(actor).Select(s => s.Href).ToList();
        foreach (var page in pages.ToList())
        {
            var (_, html) = await Read(page);
            pages.AddRange(Link().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
                .Where(h => !h.StartsWith("/api/", StringComparison.Ordinal) && !h.Contains("sign", StringComparison.OrdinalIgnoreCase) && !h.Contains("logout", StringComparison.OrdinalIgnoreCase)));
        }
        foreach (var page in pages.Distinct().Where(p => !seen.ContainsKey(p)).Take(300))
        {
            await Read(page);
        }
        foreach (var id in known)
        {
            foreach (var page in new[] { $"/declarations/{id}", $"/cases/seizures/{id}", $"/cases/{id}", $"/consignments/{id}", $"/operations/incidents/{id}" })
            {
                await Read(page);
            }
        }

        // As the partner's officer signed in with a browser session: every page reachable from the overview's links
        // (same origin, GET only, at most five variants of one path and 400 URLs in all), exports and API links on them included.
        session = await PageSession.SignInAsync(host, "pca.officer");
        var queue = new Queue<string>(["/"]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var variants = new Dictionary<string, int>(StringComparer.Ordinal);
        while (queue.Count > 0 && visited.Count < 400)
        {
            var url = queue.Dequeue();
            var path = url.Split('?')[0];
            if (!visited.Add(url) || (variants[path] = variants.GetValueOrDefault(path) + 1) > 5)
            {
                continue;
            }
            var (_, html) = await Read(url);
            foreach (var link in Link().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))
            {
                if (!link.StartsWith("//", StringComparison.Ordinal) && !link.Contains("logout", StringComparison.OrdinalIgnoreCase)
                    && !link.Contains("sign-out", StringComparison.OrdinalIgnoreCase) && !visited.Contains(link))
                {
                    queue.Enqueue(link);
                }
            }
        }
        var sessionPages = visited.Count;
        Assert.True(sessionPages >= 30, $"the signed-in partner reached only {sessionPages} pages: {string.Join(", ", visited)}");
        Assert.Contains(seen, kv => kv.Key.StartsWith("session ", StringComparison.Ordinal) && kv.Value.Contains(VisibleSeizure, StringComparison.Ordinal));

        Assert.Contains(seen.Values, body => body.Contains(VisibleNumber, StringComparison.Ordinal));
        Assert.Contains(seen.Values, body => body.Contains(VisibleSeizure, StringComparison.Ordinal));
        foreach (var visible in new[] { VisibleConsignment, VisibleCase, VisibleIncident, "CANARY-NBP-INC", VisibleHitSource, VisibleNisSeizure })
        {
            Assert.True(seen.Values.Any(body => body.Contains(visible, StringComparison.Ordinal)), $"the partner never received {visible}: the crawl proves nothing for its type");
        }
        Assert.True(leaks.Count == 0, $"{leaks.Count} withheld canaries reached the partner:\n" + string.Join("\n", leaks.Distinct().Take(60)));
        TestContext.Current.SendDiagnosticMessage($"{store}: {plain.Count} routes, {crawledTemplates} templated routes, {sessionPages} pages of a signed-in session, "
            + $"{receiver.Bodies.Count} webhook bodies, {seen.Count} reads in all, no canary leaked");
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_query_parameter_answers_a_withheld_value_as_it_answers_a_random_one(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await PlantAsync(host);
        var partner = await host.AsAsync("pca.officer", "investigation");
        using var openApi = JsonDocument.Parse(await (await partner.GetAsync("/openapi/v1.json", Ct)).Content.ReadAsStringAsync(Ct));
        var routes = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.Contains('{') && p.Value.TryGetProperty("get", out _))
            .Select(p => (Path: p.Name, Query: QueryParameters(p.Value.GetProperty("get"))))
            .Where(r => r.Query.Count > 0)
            .ToList();
        var differences = new List<string>();
        var probed = 0;
        foreach (var (path, query) in routes)
        {
            foreach (var parameter in query)
            {
                foreach (var value in Probes)
                {
                    var random = "ZQ" + Guid.NewGuid().ToString("N")[..(Math.Max(2, value.Length - 2))].ToUpperInvariant();
                    var a = await ShapeAsync(partner, $"{path}?{parameter}={Uri.EscapeDataString(value)}");
                    var b = await ShapeAsync(partner, $"{path}?{parameter}={Uri.EscapeDataString(random)}");
                    probed++;
                    if (a != b)
                    {
                        differences.Add($"{path}?{parameter}=: withheld value answers {a}, a random one {b}");
                    }
                }
            }
        }
        Assert.True(probed > 20, $"only {probed} probes");
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>What a filtered answer reveals: its status and how many rows (JSON total, array lengths, or lines).</summary>
    private static async Task<string> ShapeAsync(HttpClient client, string url)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var response = await client.GetAsync(url, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            if (status >= 400)
            {
                return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            try
            {
                using var json = JsonDocument.Parse(body);
                return $"{status}:{Count(json.RootElement)}";
            }
            catch (JsonException)
            {
                return $"{status}:{body.Count(c => c == '\n')} lines";
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return "stream";
        }
    }

    private static string Count(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => $"[{e.GetArrayLength()}]",
        JsonValueKind.Object => string.Join(",", e.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Array || (p.Value.ValueKind == JsonValueKind.Number && p.Name is "total" or "count" or "rows" or "seizures"))
            .Select(p => p.Value.ValueKind == JsonValueKind.Array ? $"{p.Name}[{p.Value.GetArrayLength()}]" : $"{p.Name}={p.Value}")),
        _ => "",
    };

    private static List<string> QueryParameters(JsonElement operation)
        => operation.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)
                .Where(n => n is not ("page" or "pageSize" or "limit" or "purpose" or "breakGlass")).ToList()
            : [];

    private static IEnumerable<string> IdsIn(string body, string parameter)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return [];
        }
        using (json)
        {
            var found = new List<string>();
            void Walk(JsonElement e)
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                            && (p.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase) || p.Name == "id"))
                        {
                            found.Add(p.Value.ToString());
                        }
                        Walk(p.Value);
                    }
                }
                else if (e.ValueKind == JsonValueKind.Array)
                {
                    foreach (var x in e.EnumerateArray())
                    {
                        Walk(x);
                    }
                }
            }
            Walk(json.RootElement);
            return found.Distinct().ToList();
        }
    }

    /// <summary>NCA's canary records and PCA's agreement; returns the planted records' ids.</summary>
    private static async Task<List<string>> PlantAsync(CordonHost host)
    {
        await using var db = host.Store.Open();
        var nca = (await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id;
        var pca = (await db.Agencies.SingleAsync(a => a.Code == "PCA", Ct)).Id;
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Canary crawl",
            ProviderAgencyId = nca,
            RecipientAgencyId = pca,
            RecordTypes = [RecordTypes.Declaration, RecordTypes.LaneDecision, RecordTypes.Seizure, RecordTypes.Consignment, RecordTypes.Case, RecordTypes.Incident, RecordTypes.Qualification, RecordTypes.Alert, RecordTypes.Traveller,
                RecordTypes.ScreeningHit, RecordTypes.Procedure, RecordTypes.Asset, RecordTypes.Message],
            MaxMarking = Tlp.Amber,
            Purposes = Enum.GetValues<Purpose>(),
            Redactions =
            [
                new RedactionRule(["importerName", "office", "items.description", "totalCif"], [RecordTypes.Declaration]),
                new RedactionRule(["office"], [RecordTypes.LaneDecision]),
                new RedactionRule(["office", "goodsDescription"], [RecordTypes.Consignment]),
                new RedactionRule(["title"], [RecordTypes.Case, RecordTypes.Incident]),
                new RedactionRule(["tasks.title"], [RecordTypes.Case]),
                new RedactionRule(["versions.changeNote"], [RecordTypes.Procedure]),
                new RedactionRule(["serialNumber"], [RecordTypes.Asset]),
                new RedactionRule(["warning.where"], [RecordTypes.Message]),
                new RedactionRule([RedactionRule.PersonalData]),
            ],
            PersonalData = false,
            OnwardSharing = true, // exports and feeds are crawled with the records in them
            ValidFrom = TestClock.Now.AddDays(-1),
            ValidUntil = TestClock.Now.AddDays(30),
            Status = AgreementStatus.Active,
            ProviderApprovedAt = TestClock.Now.AddDays(-1),
            RecipientApprovedAt = TestClock.Now.AddDays(-1),
        });
        var declaration = Declaration(nca, VisibleNumber, Tlp.Green);
        var red = Declaration(nca, RedNumber, Tlp.Red);
        db.Declarations.AddRange(declaration, red);
        var explanation = new LaneExplanation("red", "Canary reason: documents do not match the goods", false, false, 1,
            new CriteriaPart(5, 1, [new FiredCriterion(Guid.NewGuid(), CriterionName, 1, CriterionStatus.Active, 5, 5, Lane.Red, null, [])], []),
            null, "no model", new ScreeningPart(false, null, null, null), new CapacityUse(1, 1, 1, 0, 0, 1, 0, 0, 0), []);
        var decision = new LaneDecision
        {
            DeclarationId = declaration.Id, OwningAgencyId = nca, Marking = Tlp.Green, Caveats = Caveats.PersonalData, Office = Office, DeclarationNumber = VisibleNumber,
            LodgedOn = declaration.LodgedOn, Lane = Lane.Red, CriteriaScore = 5, Priority = 5, Explanation = JsonSerializer.Serialize(explanation, RiskModels.Json),
            DecidedAt = TestClock.Now, DecidedBy = "canary",
        };
        db.LaneDecisions.Add(decision);
        // The owner's criterion refers the declaration to the partner: the referral alert is raised as lane assignment raises it,
        // and must reach the partner without the criterion (never shared) or the withheld office.
        Cordon.Risk.Lanes.Lanes.RaiseReferrals(db, decision,
            new CriteriaOutcome(5, Lane.Red, ["PCA"], [new FiredCriterion(Guid.NewGuid(), CriterionName, 1, CriterionStatus.Active, 5, 5, Lane.Red, "PCA", [])], [], 1),
            new Cordon.Risk.DeclarationFacts { Office = Office, Number = VisibleNumber });
        var seizure = new Seizure
        {
            OwningAgencyId = nca, Marking = Tlp.Green, Caveats = Caveats.PersonalData, Reference = VisibleSeizure, Office = "NL000396", SeizedAt = TestClock.Now.AddDays(-1),
            Items = [new SeizedItem("white powder", "293972", 10, "kg", 10.2m, 500_000m, "EUR", "cocaine")],
            SeizingOfficers = [SeizingOfficer], Witnesses = [Witness], Owner = SeizureOwner, LegalBasis = "Opium Act art. 2", RouteFrom = "EC", RouteTo = "NL",
            CreatedAt = TestClock.Now, CreatedBy = "canary",
        };
        db.Seizures.Add(seizure);
        // The chain of custody: seized by one custodian, handed over to another (with a reason) who accepted.
        var previous = Custody.Genesis;
        var at = TestClock.Now.AddHours(-3);
        foreach (var entry in new CustodyEntry[]
        {
            new() { Seizure = VisibleSeizure, Sequence = 1, Kind = "seized", At = StoredValues.Iso(at), RecordedBy = CustodyRecorder, To = FirstCustodian, Place = "Rotterdam" },
            new() { Seizure = VisibleSeizure, Sequence = 2, Kind = "handover", At = StoredValues.Iso(at.AddHours(1)), RecordedBy = FirstCustodian, From = FirstCustodian, To = Custodian, Purpose = "laboratory", Reason = HandoverReason },
            new() { Seizure = VisibleSeizure, Sequence = 3, Kind = "accepted", At = StoredValues.Iso(at.AddHours(2)), RecordedBy = Custodian, Answers = 2 },
        })
        {
            var content = JsonSerializer.Serialize(entry, CustodyJson);
            db.CustodyEvents.Add(new CustodyEvent
            {
                SeizureId = seizure.Id, Sequence = entry.Sequence, Kind = Enum.Parse<CustodyKind>(entry.Kind, ignoreCase: true), At = DateTimeOffset.Parse(entry.At, System.Globalization.CultureInfo.InvariantCulture),
                Content = content, PreviousHash = previous, Hash = previous = Custody.HashOf(previous, content),
            });
        }

        var officer = await db.Users.FirstAsync(u => u.AgencyId == nca, Ct);
        var consignment = Consignment(nca, VisibleConsignment, Filer, Tlp.Green);
        var @case = new Case
        {
            OwningAgencyId = nca, Marking = Tlp.Green, Caveats = Caveats.PersonalData, Reference = VisibleCase, Title = CaseTitle,
            CreatedAt = TestClock.Now, CreatedBy = "canary", UpdatedAt = TestClock.Now, UpdatedBy = "canary",
        };
        var redCase = new Case
        {
            OwningAgencyId = nca, Marking = Tlp.Red, Caveats = Caveats.None, Reference = RedCase, Title = "Red case",
            CreatedAt = TestClock.Now, CreatedBy = "canary", UpdatedAt = TestClock.Now, UpdatedBy = "canary",
        };
        db.Consignments.Add(consignment);
        db.Cases.AddRange(@case, redCase);
        var incident = Incident(nca, Tlp.Green, IncidentTitle, Reporter);
        var redIncident = Incident(nca, Tlp.Red, RedIncident, "nobody");
        var asset = new Cordon.Resources.Asset { OwningAgencyId = nca, Marking = Tlp.Green, Code = "NCA-CNRY-SCAN-1", Name = "Canary scanner", Kind = Cordon.Resources.AssetKind.Scanner, SerialNumber = AssetSerial };
        var redAsset = new Cordon.Resources.Asset { OwningAgencyId = nca, Marking = Tlp.Red, Code = RedAsset, Name = "Red asset", Kind = Cordon.Resources.AssetKind.Vessel };
        db.Assets.AddRange(asset, redAsset);
        db.AssetChanges.Add(new Cordon.Resources.AssetChange { AssetId = asset.Id, At = TestClock.Now, By = AssetKeeper, Field = "registered", To = "available" });
        db.Incidents.AddRange(incident, redIncident);
        await db.SaveChangesAsync(Ct); // the store checks the timeline's and the inspection's foreign keys: their records go in first
        db.CaseTasks.Add(new CaseTask
        {
            CaseId = @case.Id, Title = TaskTitle, AssignedAgencyId = nca, DueOn = DateOnly.FromDateTime(TestClock.Now.UtcDateTime.AddDays(-3)), CreatedAt = TestClock.Now, CreatedBy = "canary",
        });
        var hit = new Cordon.Screening.Hits.PartyHit
        {
            CreatedAt = TestClock.Now, UpdatedAt = TestClock.Now,
            OwningAgencyId = nca, Marking = Tlp.Green, RecordType = RecordTypes.Declaration, RecordId = declaration.Id, RecordReference = $"{Office}/{Declarant}/{VisibleNumber}",
            RecordVersion = 1, PartyRole = "importer", PartyName = HitParty, PartyCountry = "NL", PartyIdentifiers = HitIdentifier, PartyKey = "canary-key",
            EntityId = Guid.NewGuid(), ListId = Guid.NewGuid(), ListName = "Canary list", ListVersion = 1, EntrySourceId = VisibleHitSource, EntryName = HitEntry,
            MatchedName = HitEntry, EntryContentHash = "00", Score = 0.97, Band = "block",
            Explanation = JsonSerializer.Serialize(new[] { new Cordon.Screening.Matching.MatchFeature("name", 0.9, HitDetail) }, JsonSerializerOptions.Web),
            // Reopened after a review: open hits are what the list shows first, and the review still names its reviewer.
            Status = Cordon.Screening.Hits.HitStatus.Open, ReviewedBy = HitReviewer, ReviewedAt = TestClock.Now, ReviewReason = HitReason,
        };
        db.ScreeningHits.Add(hit);
        db.IncidentUpdates.Add(new Cordon.Operations.IncidentUpdate { IncidentId = incident.Id, At = TestClock.Now, Author = "canary", Kind = "note", Text = TimelineText });
        db.Qualifications.Add(new Cordon.Operations.Qualification
        {
            UserId = officer.Id, Kind = Cordon.Operations.QualificationKind.FirstAid, ValidUntil = TestClock.Now.AddYears(1), Evidence = Evidence, OwningAgencyId = nca, Marking = Tlp.Green,
        });
        db.Inspections.Add(new Inspection
        {
            OwningAgencyId = nca, Marking = Tlp.Green, Reference = UncoveredInspection, DeclarationId = declaration.Id, DeclarationNumber = VisibleNumber,
            Office = "NL000396", Lane = Lane.Red, Reason = "Uncovered", Officers = ["canary"], CreatedAt = TestClock.Now, CreatedBy = "canary",
        });

        // A joint procedure for inspections, shared with PCA (its authors and change note withheld), and one above the agreement's marking.
        foreach (var (marking, title) in new[] { (Tlp.Green, "Canary joint inspection procedure"), (Tlp.Red, RedProcedure) })
        {
            var procedure = new Cordon.Procedures.Procedure
            {
                OwningAgencyId = nca, Marking = marking, Reference = $"SOP-NCA-CNRY-{(int)marking}", Title = title, ScopeAgencies = ["NCA", "PCA"], ScopeRoles = Roles.Officer,
                Processes = [Cordon.Procedures.ProcedureProcesses.Inspection, Cordon.Procedures.ProcedureProcesses.Seizure], CurrentVersion = 1, LatestVersion = 2,
                NextReviewOn = DateOnly.FromDateTime(TestClock.Now.UtcDateTime.AddDays(-1)), CreatedAt = TestClock.Now, CreatedBy = ProcedureAuthor, UpdatedAt = TestClock.Now, UpdatedBy = ProcedureApprover,
            };
            db.Procedures.Add(procedure);
            db.ProcedureVersions.AddRange(
                new Cordon.Procedures.ProcedureVersion
                {
                    ProcedureId = procedure.Id, Number = 1, Body = "# Canary\nCheck the seals.", ChangeNote = ProcedureChange, Status = Cordon.Procedures.ProcedureVersionStatus.Approved,
                    DraftedAt = TestClock.Now, DraftedBy = ProcedureAuthor, ApprovedAt = TestClock.Now, ApprovedBy = ProcedureApprover,
                },
                // A draft stays with its owner whatever the agreement: its text is not in force.
                new Cordon.Procedures.ProcedureVersion
                {
                    ProcedureId = procedure.Id, Number = 2, Body = ProcedureChange, ChangeNote = "draft", Status = Cordon.Procedures.ProcedureVersionStatus.Draft,
                    DraftedAt = TestClock.Now, DraftedBy = ProcedureAuthor,
                });
        }

        // NBP shares with PCA under an agreement that names no field: only the personal-data caveat withholds (PCA is abroad).
        var nbp = (await db.Agencies.SingleAsync(a => a.Code == "NBP", Ct)).Id;
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Canary crawl, caveats only", ProviderAgencyId = nbp, RecipientAgencyId = pca,
            RecordTypes = [RecordTypes.Consignment, RecordTypes.Incident, RecordTypes.Qualification], MaxMarking = Tlp.Amber, Purposes = Enum.GetValues<Purpose>(),
            PersonalData = false, OnwardSharing = true, ValidFrom = TestClock.Now.AddDays(-1), ValidUntil = TestClock.Now.AddDays(30),
            Status = AgreementStatus.Active, ProviderApprovedAt = TestClock.Now.AddDays(-1), RecipientApprovedAt = TestClock.Now.AddDays(-1),
        });
        var nbpOfficer = await db.Users.FirstAsync(u => u.AgencyId == nbp, Ct);
        var nbpConsignment = Consignment(nbp, "CNRY-NBP-CONS-1", CaveatFiler, Tlp.Green);
        nbpConsignment.Office = "NL000397"; // NBP's agreement withholds no field by name: only personal ones go, by the caveat
        nbpConsignment.GoodsDescription = "Cars";
        db.Consignments.Add(nbpConsignment);
        var nbpIncident = Incident(nbp, Tlp.Green, "NBP incident CANARY-NBP-INC", CaveatReporter);
        db.Incidents.Add(nbpIncident);
        db.Qualifications.Add(new Cordon.Operations.Qualification
        {
            UserId = nbpOfficer.Id, Kind = Cordon.Operations.QualificationKind.Firearms, ValidUntil = TestClock.Now.AddYears(1), Evidence = CaveatEvidence, OwningAgencyId = nbp, Marking = Tlp.Green,
        });
        // NIS shares seizures with PCA without how the goods were hidden and found: the non-nominal seizure report and
        // statistics, which carry those columns, must leave them out too. (NCA's seizures are shared under the demo's
        // agreement as well, which withholds less and so applies: the methods are planted here.)
        var nis = (await db.Agencies.SingleAsync(a => a.Code == "NIS", Ct)).Id;
        db.SharingAgreements.Add(new SharingAgreement
        {
            Title = "Canary crawl, seizure methods withheld", ProviderAgencyId = nis, RecipientAgencyId = pca,
            RecordTypes = [RecordTypes.Seizure, RecordTypes.Alert], MaxMarking = Tlp.Amber, Purposes = Enum.GetValues<Purpose>(),
            Redactions = [new RedactionRule(["concealmentMethod", "detectionMethod"], [RecordTypes.Seizure])],
            PersonalData = false, OnwardSharing = true, ValidFrom = TestClock.Now.AddDays(-1), ValidUntil = TestClock.Now.AddDays(30),
            Status = AgreementStatus.Active, ProviderApprovedAt = TestClock.Now.AddDays(-1), RecipientApprovedAt = TestClock.Now.AddDays(-1),
        });
        var nisSeizure = new Seizure
        {
            OwningAgencyId = nis, Marking = Tlp.Green, Caveats = Caveats.None, Reference = VisibleNisSeizure, Office = "NL000398", SeizedAt = TestClock.Now.AddDays(-2),
            Items = [new SeizedItem("cigarettes", "240220", 5000, "pieces", 6m, 2_000m, "EUR", "cigarettes")], SeizingOfficers = [], Witnesses = [],
            LegalBasis = "Customs Act", RouteFrom = "BY", RouteTo = "NL", ConcealmentMethod = Concealment, DetectionMethod = Detection,
            CreatedAt = TestClock.Now, CreatedBy = "canary",
        };
        db.Seizures.Add(nisSeizure);
        await db.SaveChangesAsync(Ct);
        // A passenger list the partner may see (travellers are covered) without who is on it (no personal-data clause).
        var manifest = new Cordon.Travellers.PassengerManifest
        {
            OwningAgencyId = nca, Marking = Tlp.Green, Carrier = "KL", Transport = "KL1234", Mode = "air", List = "passengers", Departure = "AMS", Arrival = "LHR",
            DepartureDate = new DateOnly(2026, 12, 6), Route = "AMS LHR", MessageReference = "CNRY/1", ContentHash = new byte[32], UpdatedBy = "canary",
            FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now, TravellerCount = 1,
        };
        var traveller = new Cordon.Travellers.Traveller
        {
            ManifestId = manifest.Id, ManifestVersion = 1, Seq = 1, OwningAgencyId = nca, Marking = Tlp.Green, Carrier = "KL", Transport = "KL1234",
            DepartureDate = manifest.DepartureDate, Role = "passenger", Surname = TravellerSurname, Nationality = "NLD",
            Documents = [new Cordon.Travellers.TravelDocument { Seq = 1, Type = "P", Number = TravellerDocument, IssuingState = "NLD" }],
            BookingReference = "CNRY42",
            Booking = new Cordon.Travellers.TravellerBooking
            {
                Created = TestClock.Now.UtcDateTime.AddDays(-3), Companions = [BookingCompanion], Phones = [BookingPhone], Emails = [BookingEmail],
                Address = BookingAddress, Agency = BookingAgency, Payments = [new Cordon.Travellers.BookingPayment { Type = "CC", Vendor = "VI", CardHash = BookingCardHash }],
                Itinerary = [new Cordon.Travellers.BookedFlight { Carrier = "KL", Flight = "1234", Departure = "AMS", Arrival = "LHR" }],
            },
        };
        db.PassengerManifests.Add(manifest);
        db.Travellers.Add(traveller);
        // The same person's entry 120 days ago: a crossing (and an overstayer) the partner sees without who it is.
        db.BorderCrossings.Add(new Cordon.Travellers.BorderCrossing
        {
            OwningAgencyId = nca, Marking = Tlp.Green, Kind = "entry", CrossingPoint = "NLAMS", At = TestClock.Now.AddDays(-120),
            Day = DateOnly.FromDateTime(TestClock.Now.UtcDateTime.AddDays(-120)), Officer = "canary", Surname = TravellerSurname, Nationality = "COL", DocumentType = "P",
            DocumentNumber = TravellerDocument, PersonKey = Cordon.Travellers.TravellerIdentity.Key(TravellerSurname, null, null, "COL"), TravellerId = traveller.Id,
            Source = "api",
        });
        // An answer in NCA's trade-message outbox to the declarant's system: the outbox is its owner's alone.
        db.TradeMessageOutbox.Add(new Cordon.TradeMessages.OutboxMessage
        {
            OwningAgencyId = nca, Sequence = 1, Kind = Cordon.TradeMessages.AnswerKinds.Cusres, State = Cordon.TradeMessages.AnswerStates.Accepted,
            Recipient = Declarant, InterchangeReference = "CNRY1", MessageReference = "1", DeclarationNumber = RedNumber, DeclarationId = red.Id,
            AnswerKey = new string('c', 64), Content = $"UNB+UNOC:3+NCA+{Declarant}+260101:1200+CNRY1'UNH+1+CUSRES:D:96B:UN'FTX+AAA+++{ImporterName}'UNT+3+1'UNZ+1+CNRY1'",
            CreatedAt = TestClock.Now,
        });
        await db.SaveChangesAsync(Ct);
        var messaging = await PlantMessagesAsync(host, db, nca);
        // A border section of NCA with its impact level, reason and evidence; the agreement does not cover operations.
        var analyst = new Actor(null, nca, Roles.Analyst, "canary.analyst", ActorKind.User);
        using var area = JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[4.85,51.40],[4.95,51.40],[4.95,51.50],[4.85,51.50],[4.85,51.40]]]}""");
        var section = await Cordon.Operations.BorderSections.CreateAsync(db, analyst, new Cordon.Operations.BorderSectionInput(SectionName, area.RootElement, "green"), Cordon.Operations.ImpactRules.Default, Ct);
        await Cordon.Operations.BorderSections.SetLevelAsync(db, analyst, section.Id,
            new Cordon.Operations.ImpactLevelInput("critical", SectionReason, [SectionEvidence], TestClock.Now.AddDays(-1), TestClock.Now.AddDays(14)), Cordon.Operations.ImpactRules.Default, Ct);
        return [declaration.Id.ToString(), red.Id.ToString(), seizure.Id.ToString(), nisSeizure.Id.ToString(), hit.Id.ToString(), VisibleNumber, consignment.Id.ToString(), @case.Id.ToString(), redCase.Id.ToString(),
            incident.Id.ToString(), redIncident.Id.ToString(), nbpConsignment.Id.ToString(), nbpIncident.Id.ToString(), manifest.Id.ToString(), traveller.Id.ToString(),
            asset.Id.ToString(), redAsset.Id.ToString(), section.Id.ToString(), .. messaging];
    }

    /// <summary>NCA's channels, sealed with the server's own key: one PCA is in (AMBER, and RED), one it is not; returns their and their messages' ids.</summary>
    private static async Task<List<string>> PlantMessagesAsync(CordonHost host, CordonDb db, Guid nca)
    {
        var keys = host.Services.GetRequiredService<Cordon.Messaging.ChannelKeys>();
        var author = new Actor(null, nca, Roles.Officer, MessageAuthor, ActorKind.User);
        var now = TestClock.Now;
        var ids = new List<string>();
        async Task<Guid> Channel(string name, string marking, string[] members)
        {
            var channel = await Cordon.Messaging.Channels.CreateAsync(db, author, keys, new Cordon.Messaging.ChannelInput("group", null, name, "Canary crawl", now.AddDays(30), marking, null, members), now, Ct);
            ids.Add(channel.Id.ToString());
            return channel.Id;
        }
        async Task Post(Guid channel, Cordon.Messaging.MessageInput input)
        {
            var posted = await Cordon.Messaging.ChannelMessages.PostAsync(db, author, keys, channel, input, now, Ct);
            ids.Add(posted.Id.ToString());
            ids.AddRange(posted.Attachments.Select(a => a.Id.ToString()));
        }
        var shared = await Channel("Canary shared channel", "TLP:AMBER", ["PCA"]);
        // The file's name and content are personal (a photo may show people): PCA sees that a file is there, not its name, not its bytes.
        await Post(shared, new(MessageText, Warning: new("Canary visible warning", MessageWhere, now, MessageVehicle, "high"),
            Attachments: [new NewAttachment { FileName = AttachmentName, ContentType = "text/plain", Content = System.Text.Encoding.UTF8.GetBytes(AttachmentContent) }]));
        await Post(shared, new(MessageText, Marking: "TLP:GREEN"));
        var red = await Channel("Canary red channel", "TLP:RED", ["PCA"]);
        await Post(red, new("red text", Marking: "TLP:RED", Warning: new(RedMessage, null, null, null, null)));
        var closed = await Channel(ClosedChannel, "TLP:AMBER", ["NBP"]);
        await Post(closed, new(ClosedChannelMessage, Warning: new(ClosedChannelMessage, null, null, null, "low")));
        return ids;
    }

    /// <summary>
    /// Alerts about the planted records, as the features raise them: the deadline sweep's alert about the overdue case
    /// task (its title quotes the withheld task title), and alerts whose title and summary quote withheld values of a
    /// seizure and an incident, and a record type the agreement does not cover. Returns their ids.
    /// </summary>
    private static async Task<List<string>> RaiseAlertsAsync(CordonHost host)
    {
        await using var db = host.Store.Open();
        var nca = (await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id;
        var seizure = await db.Seizures.SingleAsync(x => x.Reference == VisibleSeizure, Ct);
        var nisSeizure = await db.Seizures.SingleAsync(x => x.Reference == VisibleNisSeizure, Ct);
        var incident = await db.Incidents.SingleAsync(x => x.Title == IncidentTitle, Ct);
        var inspection = await db.Inspections.SingleAsync(x => x.Reference == UncoveredInspection, Ct);
        Assert.True(await Cordon.Alerting.DeadlineAlerts.SweepAsync(db, TestClock.Now, Ct) >= 1);
        await db.SaveChangesAsync(Ct);
        var raised = new List<Cordon.Alerting.Alert>
        {
            Cordon.Alerting.Alerts.Raise(db, new(Cordon.Alerting.AlertKinds.Seizure, $"Seizure {VisibleSeizure} from {SeizureOwner}", nca, Tlp.Green)
            {
                RecordType = RecordTypes.Seizure, RecordId = seizure.Id.ToString(), NamesNoOne = true,
                Summary = $"Held by {Custodian} after {HandoverReason}; seized by {SeizingOfficer} before {Witness}.",
            }),
            Cordon.Alerting.Alerts.Raise(db, new(Cordon.Alerting.AlertKinds.Seizure, $"Seizure {VisibleNisSeizure}: found by {Detection}", nisSeizure.OwningAgencyId, Tlp.Green)
            {
                RecordType = RecordTypes.Seizure, RecordId = nisSeizure.Id.ToString(), NamesNoOne = true, Summary = $"Hidden in {Concealment}.",
            }),
            Cordon.Alerting.Alerts.Raise(db, new(Cordon.Alerting.AlertKinds.IncidentNotify, $"smuggling: {IncidentTitle}", nca, Tlp.Green)
            {
                RecordType = RecordTypes.Incident, RecordId = incident.Id.ToString(), Summary = $"Reported by {Reporter}: {TimelineText}",
            }),
            Cordon.Alerting.Alerts.Raise(db, new(Cordon.Alerting.AlertKinds.Custom, $"Inspection {UncoveredInspection} found cocaine", nca, Tlp.Green)
            {
                RecordType = RecordTypes.Inspection, RecordId = inspection.Id.ToString(),
            }),
        };
        await db.SaveChangesAsync(Ct);
        var task = await db.Alerts.SingleAsync(a => a.Kind == Cordon.Alerting.AlertKinds.DeadlineOverdue && a.Title.Contains(TaskTitle), Ct);
        return [task.Id.ToString(), .. raised.Select(a => a.Id.ToString())];
    }

    private const string VisibleConsignment = "CNRY-CONS-OK-1";
    private const string VisibleHitSource = "CNRY-HIT-SOURCE-OK";
    private const string VisibleNisSeizure = "SZ-CNRY-NIS-1";

    private static readonly JsonSerializerOptions CustodyJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private const string VisibleCase = "CASE-CANARY-OK-1";
    private const string VisibleIncident = "CANARY-INCIDENT-OK";

    private static PreArrivalConsignment Consignment(Guid owner, string reference, string filer, Tlp marking) => new()
    {
        OwningAgencyId = owner, Marking = marking, Caveats = Caveats.PersonalData, Office = Office, Filer = filer, Reference = reference, GoodsDescription = GoodsDescription,
        HsCode = "870323", GrossKg = 1200, ExpectedArrival = TestClock.Now.AddDays(400), ContentHash = new byte[32], UpdatedBy = "canary",
        FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
    };

    private static Cordon.Operations.Incident Incident(Guid owner, Tlp marking, string title, string reporter) => new()
    {
        OwningAgencyId = owner, Marking = marking, Title = title, Units = [VisibleIncident], Latitude = 51.9, Longitude = 4.1, OccurredAt = TestClock.Now, ReportedAt = TestClock.Now, ReportedBy = reporter,
    };

    private static Declaration Declaration(Guid owner, string number, Tlp marking)
    {
        var d = new Declaration
        {
            OwningAgencyId = owner, Marking = marking, Caveats = Caveats.PersonalData, Kind = DeclarationKind.Import, Office = Office, Declarant = Declarant, Number = number,
            LodgedOn = new DateOnly(2026, 3, 2), ImporterCode = ImporterCode, ImporterName = ImporterName, ImporterCountry = "NL",
            OriginCountry = "CN", Currency = "EUR", TotalCif = ItemCifs.Sum(), ItemCount = ItemCifs.Length, ContentHash = new byte[32], UpdatedBy = "canary",
            FirstReceivedAt = TestClock.Now, UpdatedAt = TestClock.Now,
        };
        var line = 0;
        foreach (var cif in ItemCifs)
        {
            d.Items.Add(new DeclarationItem { Line = ++line, HsCode = "870323", Description = ItemDescription, Cif = cif });
        }
        return d;
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("href=\"(/[^\"#]*)\"")]
    private static partial Regex Link();
}
