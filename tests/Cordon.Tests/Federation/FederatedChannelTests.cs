using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Federation;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using static Cordon.Tests.Federation.FederationWorld;

namespace Cordon.Tests.Federation;

/// <summary>
/// A channel of alpha's customs with a member agency on the partner installation beta: messages travel through the signed
/// federation outbox as beta's view (the vehicle withheld), reach beta's open pages live, and beta's replies come back.
/// </summary>
public sealed class FederatedChannelTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private const string What = "Cigarettes behind a load of tiles";
    private const string Vehicle = "Trailer NL-OX-77";
    private const string Result = "Trailer stopped at Zelzate, 2.1 million cigarettes seized";

    /// <summary>An agreement covering messages from NCA to the partner's customs, as represented at this installation.</summary>
    private static AgreementTerms MessageTerms(string recipient, params RedactionRule[] redactions) => new(
        "Joint operation messaging", "NCA", recipient, [RecordTypes.Message], "TLP:AMBER", ["investigation"], redactions, false, null, null);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_member_on_the_partner_installation_receives_live_redacted_replies_back_and_stops_receiving_after_removal_and_revocation(string store)
    {
        // A full look every 2 s: the edit and deletion below are written to alpha's store by the test, not through alpha's server.
        await using var alpha = await InstallationProcess.StartAsync("alpha", store, "--Cordon:Federation:FullScanSeconds=2");
        await using var beta = await InstallationProcess.StartAsync("beta", store);
        await InstallationProcess.PairAsync(alpha, beta);
        (_alpha, _beta) = (alpha, beta);
        // Each side represents the other's customs and agrees, under its own agreement, to share messages with it.
        (await (await alpha.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners/beta/agencies",
            new NewPartnerAgency("BETA-NCA", "NCA", "Customs of beta", "BE", null), Ct)).EnsureSuccessStatusCode();
        (await (await beta.AsAsync("operator")).PostAsJsonAsync("/api/federation/partners/alpha/agencies",
            new NewPartnerAgency("ALPHA-NCA", "NCA", "Customs of alpha", "NL", null), Ct)).EnsureSuccessStatusCode();
        var toBeta = await AgreeAsync(alpha, MessageTerms("BETA-NCA", new RedactionRule(["warning.vehicle"], [RecordTypes.Message])));
        await AgreeAsync(beta, MessageTerms("ALPHA-NCA"));

        var aOfficer = await alpha.AsAsync("officer");
        var channel = (await (await aOfficer.PostAsJsonAsync("/api/channels",
            new ChannelInput("group", null, "Tiles run", "Cigarette run through the tiles trade", TestClock.Now.AddDays(30), "TLP:AMBER", [], ["BETA-NCA"]), Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Beta's customs officer has the messaging page open (its event stream) before alpha posts.
        var bOfficer = await beta.AsAsync("officer");
        await using var stream = await Stream.OpenAsync(bOfficer);
        var clock = Stopwatch.StartNew();
        var warning = await PostAsync(aOfficer, channel, new MessageInput(null, Warning: new WarningInput(What, "E40 towards Zeebrugge", null, Vehicle, "high")));
        // A message its poster marks no-onward-sharing stays at alpha, like any record so marked.
        var kept = await PostAsync(aOfficer, channel, new MessageInput("Informant says the driver is nervous", Caveats: ["no-onward-sharing"]));
        var seen = await stream.WaitForAsync(m => m.GetProperty("id").GetGuid() == warning, () => LinkState(alpha, beta));
        var latency = clock.Elapsed;
        Assert.True(latency < TimeSpan.FromSeconds(30), $"the Warning reached beta's stream after {latency.TotalSeconds:0.0} s");
        TestContext.Current.SendDiagnosticMessage($"{store}: Warning on beta's stream after {latency.TotalMilliseconds:0} ms");
        Assert.Equal(What, seen.GetProperty("warning").GetProperty("what").GetString());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("warning").GetProperty("vehicle").ValueKind);
        Assert.DoesNotContain(Vehicle, seen.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("ALPHA-NCA", seen.GetProperty("agency").GetString());
        Assert.Equal("alpha", seen.GetProperty("receivedFrom").GetString());
        Assert.Equal("TLP:AMBER", seen.GetProperty("marking").GetString());

        // At beta the channel is a copy: listed for its members with its provenance, its settings not theirs to change.
        var copy = await (await bOfficer.GetAsync($"/api/channels/{channel}", Ct)).OkAsync<JsonElement>();
        Assert.Equal("alpha", copy.GetProperty("receivedFrom").GetString());
        Assert.False(copy.GetProperty("mayManage").GetBoolean());
        await (await bOfficer.PostAsJsonAsync($"/api/channels/{channel}/members", new MemberInput("NBP", null), Ct)).ProblemAsync(403);
        await (await (await beta.AsAsync("bp.officer")).GetAsync($"/api/channels/{channel}", Ct)).ProblemAsync(404);
        // Beta's officer, signed in, finds it on the messaging page as alpha's channel, without the vehicle and with no members' form.
        var session = new PageSession(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(beta.BaseUrl) });
        var login = await session.GetStringAsync("/login");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await session.PostFormAsync(login, "/login",
            [new("UserName", "officer"), new("Password", Cordon.Demo.DemoSeed.Password)])).StatusCode);
        session.Headers[PurposeNames.Header] = "investigation"; // the purpose the agreements permit, as chosen in the top bar
        var page = System.Net.WebUtility.HtmlDecode(await session.GetStringAsync($"/messages?channel={channel}"));
        Assert.Contains("Copy of a channel of partner installation alpha", page, StringComparison.Ordinal);
        Assert.Contains("from partner installation alpha", page, StringComparison.Ordinal);
        Assert.Contains(What, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Vehicle, page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"members\"", page, StringComparison.Ordinal);

        // Beta replies with Feedback; it comes back into alpha's channel as beta's customs.
        var feedback = await PostAsync(bOfficer, channel, new MessageInput(null, ReplyTo: warning, Feedback: new FeedbackInput(warning, Result)));
        var reply = (await EventuallyAsync(async () => (await MessagesAsync(aOfficer, channel)).Where(m => m.GetProperty("id").GetGuid() == feedback).Select(m => (JsonElement?)m).FirstOrDefault(),
            "beta's Feedback in alpha's channel")).GetValueOrDefault();
        Assert.Equal("BETA-NCA", reply.GetProperty("agency").GetString());
        Assert.Equal("beta", reply.GetProperty("receivedFrom").GetString());
        Assert.Equal(Result, reply.GetProperty("feedback").GetProperty("result").GetString());
        Assert.Equal(warning, reply.GetProperty("feedback").GetProperty("onMessage").GetGuid());
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("author").GetString()));
        // The reply is not sent back to beta again: only alpha's own messages leave alpha.
        await using (var db = alpha.Store.Open())
        {
            Assert.False(await db.FederationOutbox.AnyAsync(i => i.RecordId == feedback.ToString(), Ct));
        }

        // An edit and a deletion at alpha travel: beta's copy follows, and a tombstone stays.
        // (The author edits and deletes: done as alpha's signed-in officer in alpha's store, since an API key is no author.)
        var keys = ChannelKeys.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cordon:DataDirectory"] = alpha.DataDirectory }).Build(), create: false);
        Guid note;
        await using (var db = alpha.Store.Open())
        {
            var officer = ActorOf(db, "officer");
            note = (await ChannelMessages.PostAsync(db, officer, keys, channel, new MessageInput("Second trailer expected tonight"), TestClock.Now, Ct)).Id;
        }
        await EventuallyAsync(async () => await CopyAsync(beta, note), "the first version at beta");
        await using (var db = alpha.Store.Open())
        {
            var officer = ActorOf(db, "officer");
            await ChannelMessages.EditAsync(db, officer, keys, channel, note, new MessageEdit("Second trailer expected tomorrow"), TestClock.Now, Ct);
        }
        var edited = (await EventuallyAsync(async () => (await MessagesAsync(bOfficer, channel)).Where(m => m.GetProperty("id").GetGuid() == note && m.GetProperty("version").GetInt32() == 2)
            .Select(m => (JsonElement?)m).FirstOrDefault(), "the edited message at beta")).GetValueOrDefault();
        Assert.Equal("Second trailer expected tomorrow", edited.GetProperty("text").GetString());
        Assert.Single(await (await bOfficer.GetAsync($"/api/channels/{channel}/messages/{note}/versions", Ct)).OkAsync<JsonElement[]>());
        await using (var db = alpha.Store.Open())
        {
            await ChannelMessages.DeleteAsync(db, ActorOf(db, "officer"), channel, note, TestClock.Now, Ct);
        }
        var tombstone = (await EventuallyAsync(async () => (await MessagesAsync(bOfficer, channel)).Where(m => m.GetProperty("id").GetGuid() == note && m.GetProperty("deleted").GetBoolean())
            .Select(m => (JsonElement?)m).FirstOrDefault(), "the deletion at beta")).GetValueOrDefault();
        Assert.Equal(JsonValueKind.Null, tombstone.GetProperty("text").ValueKind);

        // Removed from the channel: nothing more leaves for beta; what it received stays readable under the agreement.
        (await aOfficer.PostAsJsonAsync($"/api/channels/{channel}/members/remove", new MemberInput("BETA-NCA", null), Ct)).EnsureSuccessStatusCode();
        var afterRemoval = await PostAsync(aOfficer, channel, new MessageInput("Not for beta while it is out"));
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Null(await CopyAsync(beta, afterRemoval));
        Assert.Null(await CopyAsync(beta, kept));
        Assert.Contains(await MessagesAsync(bOfficer, channel), m => m.GetProperty("id").GetGuid() == warning);
        // Added again, it reads the channel's history as any new member does: what was posted meanwhile follows.
        (await aOfficer.PostAsJsonAsync($"/api/channels/{channel}/members", new MemberInput("BETA-NCA", null), Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await CopyAsync(beta, afterRemoval), "the message posted while beta was out, after it was added again");

        // The agreement revoked at alpha: nothing more leaves, and a partner abroad without an agreement cannot be added.
        (await (await alpha.AsAsync("admin")).PostAsJsonAsync($"/api/sharing/agreements/{toBeta}/revoke", new { reason = "operation over" }, Ct)).EnsureSuccessStatusCode();
        var afterRevocation = await PostAsync(aOfficer, channel, new MessageInput("Revoked: not for beta"));
        await EventuallyAsync(async () =>
        {
            await using var db = beta.Store.Open();
            return await db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(x => x.Id == toBeta && x.Status == AgreementStatus.Revoked, Ct);
        }, "the revocation at beta");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Null(await CopyAsync(beta, afterRevocation));
        // Revoked, beta's copies are no longer readable there, as with every federated record.
        Assert.DoesNotContain(await MessagesAsync(bOfficer, channel), m => m.GetProperty("agency").GetString() == "ALPHA-NCA");
        (await aOfficer.PostAsJsonAsync($"/api/channels/{channel}/members/remove", new MemberInput("BETA-NCA", null), Ct)).EnsureSuccessStatusCode();
        var refused = await (await aOfficer.PostAsJsonAsync($"/api/channels/{channel}/members", new MemberInput("BETA-NCA", null), Ct)).ProblemAsync(400);
        Assert.Contains("agreement", refused.GetRawText(), StringComparison.Ordinal);

        await using (var db = alpha.Store.Open())
        {
            var actions = await db.AuditEntries.AsNoTracking().Where(e => e.RecordId == channel.ToString()).Select(e => e.Action).ToListAsync(Ct);
            Assert.Contains("channel.member.add", actions);
            Assert.Contains("channel.member.remove", actions);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "federation.send" && e.RecordType == RecordTypes.Message && e.RecordId == warning.ToString(), Ct));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "federation.receive" && e.RecordType == RecordTypes.Message && e.RecordId == feedback.ToString(), Ct));
            Assert.False(await db.FederationOutbox.AnyAsync(i => i.RecordId == afterRevocation.ToString() && i.Kind == ItemKinds.Record, Ct));
            // The outbox keeps what it sends sealed: the words are not in clear at alpha either.
            var queued = await db.FederationOutbox.AsNoTracking().Where(i => i.RecordType == RecordTypes.Message).Select(i => i.Body).ToListAsync(Ct);
            Assert.NotEmpty(queued);
            Assert.All(queued, b => Assert.DoesNotContain("Cigarettes", b, StringComparison.Ordinal));
        }
        await using (var db = beta.Store.Open())
        {
            // The words are stored only sealed at beta too: not in the message rows, not in the copy's provenance.
            var bodies = await db.ChannelMessages.AsNoTracking().Where(m => m.ChannelId == channel && m.Body != null).Select(m => m.Body!).ToListAsync(Ct);
            Assert.NotEmpty(bodies);
            Assert.All(bodies, b => Assert.DoesNotContain("Cigarettes", System.Text.Encoding.UTF8.GetString(b), StringComparison.Ordinal));
            Assert.All(await db.FederationCopies.AsNoTracking().Where(c => c.RecordType == RecordTypes.Message).Select(c => c.Payload).ToListAsync(Ct),
                p => Assert.DoesNotContain("Cigarettes", p, StringComparison.Ordinal));
        }
        foreach (var at in new[] { alpha, beta })
        {
            await VerifyAuditAsync(at);
        }
    }

    /// <summary>The installation's agency-admin proposes, its operator records the partner's written acceptance: in force.</summary>
    private static async Task<Guid> AgreeAsync(InstallationProcess at, AgreementTerms terms)
    {
        var proposed = await (await (await at.AsAsync("admin")).PostAsJsonAsync("/api/sharing/agreements", terms, Ct)).OkAsync<JsonElement>();
        var id = proposed.GetProperty("id").GetGuid();
        (await (await at.AsAsync("operator")).PostAsJsonAsync($"/api/federation/agreements/{id}/partner-approval", new PartnerApprovalRequest("letter 2026/31"), Ct))
            .EnsureSuccessStatusCode();
        return id;
    }

    private static async Task VerifyAuditAsync(InstallationProcess at)
    {
        using var anonymous = new HttpClient();
        var identity = await (await anonymous.GetAsync($"{at.BaseUrl}/api/federation/identity", Ct)).OkAsync<InstallationView>();
        await using var db = at.Store.Open();
        var report = await AuditVerifier.VerifyAsync(db, NoteVerifier.Parse(identity.AuditKey), null, Ct);
        Assert.True(report.Ok, $"{at.Name}'s audit log: {string.Join("; ", report.Problems.Select(p => p.ToString()))}");
        Assert.True(report.Entries > 0);
    }

    private static async Task<Guid> PostAsync(HttpClient client, Guid channel, MessageInput input)
        => (await (await client.PostAsJsonAsync($"/api/channels/{channel}/messages", input, Ct)).OkAsync<JsonElement>()).GetProperty("id").GetGuid();

    private static async Task<JsonElement[]> MessagesAsync(HttpClient client, Guid channel)
        => await (await client.GetAsync($"/api/channels/{channel}/messages", Ct)).OkAsync<JsonElement[]>();

    private static async Task<FederationCopy?> CopyAsync(InstallationProcess at, Guid id)
    {
        await using var db = at.Store.Open();
        return await db.FederationCopies.AsNoTracking().FirstOrDefaultAsync(c => c.LocalRecordId == id, Ct);
    }

    private Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        => Eventually.FoundAsync(probe, Within, () => $"Waited {Within.TotalSeconds} s for {what}; {LinkState(_alpha!, _beta!)}", TimeSpan.FromMilliseconds(200));

    private InstallationProcess? _alpha, _beta;

    /// <summary>How each side's link stands (its errors, cursors and the items rejected), for a failure's message.</summary>
    private static string LinkState(params InstallationProcess[] sides) => string.Join(" | ", sides.Select(side =>
    {
        using var db = side.Store.Open();
        var partners = db.FederationPartners.AsNoTracking().ToList().Select(p => $"to {p.Name}: seq {p.OutboxSequence} acked {p.AckedSequence} error {p.LastError}");
        var inbound = db.FederationInbound.AsNoTracking().ToList().Select(i => $"in: {i.LastSequence} error {i.LastError}");
        return $"{side.Name}: {string.Join("; ", partners.Concat(inbound))}";
    }));

    /// <summary>An open messaging page: the channels' event stream read by an API client, keeping every message event.</summary>
    private sealed class Stream : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<JsonElement> _messages = new();
        private Task _reading = Task.CompletedTask;

        public static async Task<Stream> OpenAsync(HttpClient client)
        {
            var stream = new Stream();
            stream._reading = Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/channels/stream");
                using var streaming = new HttpClient { BaseAddress = client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                foreach (var header in client.DefaultRequestHeaders)
                {
                    streaming.DefaultRequestHeaders.Add(header.Key, header.Value);
                }
                using var response = await streaming.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stream._stop.Token);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stream._stop.Token));
                string? kind = null;
                while (await reader.ReadLineAsync(stream._stop.Token) is { } line)
                {
                    if (line.StartsWith(": connected", StringComparison.Ordinal))
                    {
                        stream._connected.TrySetResult();
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        kind = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind == "message")
                    {
                        stream._messages.Enqueue(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                    }
                }
            }, stream._stop.Token);
            await stream._connected.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            return stream;
        }

        /// <summary>Waits up to 10 s: under the stream's 15 s safety poll, so what arrives was woken by the delivery.</summary>
        public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, Func<string> state)
            // Why 30 s: delivered within about a second on a quiet machine (figures in the closing notes), but the full suite
            // runs two installations beside a thousand other tests on two cores.
            => Eventually.FoundAsync(() => _messages.Where(match).Select(m => (JsonElement?)m).FirstOrDefault(), TimeSpan.FromSeconds(30),
                () => $"no matching message event within 30 s; got {_messages.Count}; {state()}", TimeSpan.FromMilliseconds(50));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _reading;
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
            }
            _stop.Dispose();
        }
    }
}
