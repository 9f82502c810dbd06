using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Messaging;
using Cordon.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Tests.Messaging;

/// <summary>Live delivery of messages: server-sent events to every member's open page, on one node and across nodes over PostgreSQL LISTEN/NOTIFY.</summary>
public sealed class LiveMessageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string What = "Cigarettes behind a load of tiles";
    private const string Vehicle = "Trailer NL-OX-77";

    /// <summary>A member's open messaging page: a signed-in session reading the channels' event stream, keeping every event.</summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _reading;
        public ConcurrentQueue<(string Kind, JsonElement Data)> Events { get; } = new();

        private Reader(PageSession session)
        {
            _reading = Task.Run(async () =>
            {
                using var response = await session.GetHeadersAsync("/api/channels/stream", _stop.Token);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                string? kind = null;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith(": connected", StringComparison.Ordinal))
                    {
                        _connected.TrySetResult();
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        kind = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                    {
                        Events.Enqueue((kind, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                    }
                }
            }, _stop.Token);
        }

        public static async Task<Reader> OpenAsync(CordonHost host, string user)
        {
            var reader = new Reader(await PageSession.SignInAsync(host, user));
            await reader._connected.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct); // generous: a loaded machine is slow, not broken
            return reader;
        }

        /// <summary>Waits up to 10 s: well under the stream's 15 s safety poll, so what arrives was woken by the post.</summary>
        public async Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool> match)
        {
            var found = await Eventually.FoundAsync(() => Events.Where(e => e.Kind == kind && match(e.Data)).Select(e => (JsonElement?)e.Data).FirstOrDefault(), TimeSpan.FromSeconds(10),
                () => $"no matching {kind} event arrived within 10 s; got: {string.Join(", ", Events.Select(e => e.Kind + " " + e.Data))}", TimeSpan.FromMilliseconds(50));
            return found;
        }

        public int Count(string kind) => Events.Count(e => e.Kind == kind);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _reading;
            }
            catch (OperationCanceledException)
            {
            }
            _stop.Dispose();
        }
    }

    private static async Task<Guid> DemoChannelAsync(HttpClient member)
        => (await (await member.GetAsync("/api/channels", Ct)).OkAsync<JsonElement>()).EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == MessagingDemo.ChannelName).GetProperty("id").GetGuid();

    private static async Task<Guid> PostWarningAsync(HttpClient poster, Guid channel)
        => (await (await poster.PostAsJsonAsync($"/api/channels/{channel}/messages",
            new { text = "Left Antwerp at 09:40.", warning = new { what = What, where = "A58 towards Baarle", vehicle = Vehicle, confidence = "high" } }, Ct))
            .OkAsync<JsonElement>()).GetProperty("id").GetGuid();

    private static int UnreadIn(JsonElement counts, Guid channel) => counts.GetProperty("channels").GetProperty(channel.ToString()).GetInt32();

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_warning_reaches_every_member_s_open_page_redacted_as_the_policy_says_and_the_unread_counts_follow(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var bp = await host.AsAsync("bp.officer", "investigation");
        var channel = await DemoChannelAsync(bp);
        await using var customs = await Reader.OpenAsync(host, "officer");
        await using var partner = await Reader.OpenAsync(host, "pca.officer");
        await using var immigration = await Reader.OpenAsync(host, "nis.officer");
        // The demo's Warning and Feedback are unread for the customs officer when the page opens.
        var before = UnreadIn(await customs.WaitForAsync("unread", _ => true), channel);

        var id = await PostWarningAsync(bp, channel);

        // Customs, of the border police's own country, gets the whole Warning without reloading.
        var full = await customs.WaitForAsync("message", m => m.GetProperty("id").GetGuid() == id);
        Assert.Equal(What, full.GetProperty("warning").GetProperty("what").GetString());
        Assert.Equal(Vehicle, full.GetProperty("warning").GetProperty("vehicle").GetString());
        Assert.Equal("NBP", full.GetProperty("agency").GetString());
        await customs.WaitForAsync("unread", u => UnreadIn(u, channel) == before + 1 && u.GetProperty("total").GetInt32() >= before + 1);
        // The partner abroad gets it as the demo agreement says: the vehicle withheld.
        var redacted = await partner.WaitForAsync("message", m => m.GetProperty("id").GetGuid() == id);
        Assert.Equal(What, redacted.GetProperty("warning").GetProperty("what").GetString());
        Assert.Equal(JsonValueKind.Null, redacted.GetProperty("warning").GetProperty("vehicle").ValueKind);
        Assert.Contains("warning.vehicle", redacted.GetProperty("redacted").EnumerateArray().Select(r => r.GetString()));

        // Reading the channel (opening it on the page) brings the customs officer's count to zero, live: the partner's
        // Feedback, which customs may not read without an agreement from the partner, was never counted.
        var page = await PageSession.SignInAsync(host, "officer");
        await page.GetStringAsync($"/messages?channel={channel}");
        await customs.WaitForAsync("unread", u => UnreadIn(u, channel) == 0);

        // Immigration is no member: its stream learns of no message and of no channel.
        await Task.Delay(500, Ct);
        Assert.Equal(0, immigration.Count("message"));
        Assert.All(immigration.Events.Where(e => e.Kind == "unread"), e => Assert.Empty(e.Data.GetProperty("channels").EnumerateObject()));
        Assert.Equal(1, customs.Events.Count(e => e.Kind == "message" && e.Data.GetProperty("id").GetGuid() == id)); // sent once
    }

    [Fact]
    public async Task A_message_posted_on_node_A_reaches_a_member_s_stream_on_node_B_and_nothing_reaches_a_non_member()
    {
        await using var nodeA = await CordonHost.StartAsync(TestStore.Postgres);
        await using var nodeB = await nodeA.StartSecondNodeAsync();
        await nodeA.Services.GetRequiredService<MessagePosts>().Listening.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await nodeB.Services.GetRequiredService<MessagePosts>().Listening.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await using var customsOnB = await Reader.OpenAsync(nodeB, "officer");
        await using var immigrationOnB = await Reader.OpenAsync(nodeB, "nis.officer");
        var bp = await nodeA.AsAsync("bp.officer", "investigation");
        var channel = await DemoChannelAsync(bp);

        var id = await PostWarningAsync(bp, channel);

        // Node B's stream is woken only through PostgreSQL: each node has its own wake-up, and its safety poll is 15 s away.
        var arrived = await customsOnB.WaitForAsync("message", m => m.GetProperty("id").GetGuid() == id);
        Assert.Equal(Vehicle, arrived.GetProperty("warning").GetProperty("vehicle").GetString());
        Assert.Equal(channel, arrived.GetProperty("channel").GetGuid());
        await Task.Delay(500, Ct);
        Assert.Equal(0, immigrationOnB.Count("message"));
    }
}
