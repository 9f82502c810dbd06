using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Support;

/// <summary>A POST as the receiver got it: its headers, content type and body.</summary>
public sealed record ReceivedHook(IReadOnlyDictionary<string, string> Headers, string ContentType, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A partner's webhook endpoint on loopback (a real Kestrel listener): keeps every POST it accepts in the order received
/// and its body by idempotency key, and answers 503 to the next <see cref="Refuse"/> posts. A host that sends to it must
/// allow http to 127.0.0.0/8 (<see cref="HostArgs"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The server options that let webhooks reach a loopback receiver over http, as an operator would allow-list one.</summary>
    public static readonly string[] HostArgs = ["--Cordon:Alerts:Webhooks:AllowHttp=true", "--Cordon:Alerts:Webhooks:AllowedNetworks:0=127.0.0.0/8"];

    private readonly WebApplication _app;

    public string Url { get; }

    /// <summary>Bodies received, by the sender's idempotency key (or a counter when it sent none).</summary>
    public ConcurrentDictionary<string, string> Bodies { get; } = new();

    /// <summary>The posts accepted, in the order they came.</summary>
    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    /// <summary>How many of the next posts to refuse with 503 (a receiver that is down).</summary>
    public int Refuse;

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, $"http://127.0.0.1:{port}/hook");
        app.MapPost("/hook", async (HttpContext http) =>
        {
            if (Interlocked.Decrement(ref receiver.Refuse) >= 0)
            {
                return Results.StatusCode(503);
            }
            using var bytes = new MemoryStream();
            await http.Request.Body.CopyToAsync(bytes, http.RequestAborted);
            var body = bytes.ToArray();
            receiver.Received.Enqueue(new ReceivedHook(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                http.Request.ContentType ?? "", body));
            var key = http.Request.Headers[Cordon.Alerting.AlertWebhooks.IdempotencyHeader].ToString();
            receiver.Bodies.TryAdd(key.Length > 0 ? key : receiver.Bodies.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                System.Text.Encoding.UTF8.GetString(body));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
