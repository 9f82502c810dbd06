using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Support;

/// <summary>
/// A partner's webhook endpoint on loopback (a real Kestrel listener): accepts every POST and keeps its body
/// by idempotency key. A host that sends to it must allow http to 127.0.0.0/8 (<see cref="HostArgs"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The server options that let webhooks reach a loopback receiver over http, as an operator would allow-list one.</summary>
    public static readonly string[] HostArgs = ["--Cordon:Alerts:Webhooks:AllowHttp=true", "--Cordon:Alerts:Webhooks:AllowedNetworks:0=127.0.0.0/8"];

    private readonly WebApplication _app;

    public string Url { get; }

    /// <summary>Bodies received, by the sender's idempotency key (or a counter when it sent none).</summary>
    public ConcurrentDictionary<string, string> Bodies { get; } = new();

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
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var key = http.Request.Headers[Cordon.Alerting.AlertWebhooks.IdempotencyHeader].ToString();
            receiver.Bodies.TryAdd(key.Length > 0 ? key : receiver.Bodies.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
