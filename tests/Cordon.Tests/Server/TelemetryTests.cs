using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using Cordon.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Server;

public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// An OTLP/HTTP receiver, as a collector listens on 4318: it keeps each signal's protobuf bodies. Names and
    /// string attributes are stored as plain UTF-8 in protobuf, so the test reads them without the schema.
    /// </summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentDictionary<string, ConcurrentQueue<byte[]>> Bodies { get; } = new();
        public string Url { get; private set; } = "";

        private OtlpReceiver(WebApplication app) => _app = app;

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            var receiver = new OtlpReceiver(builder.Build());
            receiver._app.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                Assert.Equal("application/x-protobuf", http.Request.ContentType);
                receiver.Bodies.GetOrAdd(signal, _ => new()).Enqueue(body.ToArray());
                return Results.Ok();
            });
            await receiver._app.StartAsync();
            receiver.Url = receiver._app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return receiver;
        }

        public string Text(string signal)
            => Bodies.TryGetValue(signal, out var q) ? string.Join("\n", q.Select(b => Encoding.UTF8.GetString(b))) : "";

        public async Task<string> WaitForAsync(string signal, params string[] names)
        {
            await Eventually.UntilAsync(() => names.All(n => Text(signal).Contains(n, StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
                () => $"{signal}: not received within 60 s: {string.Join(", ", names.Where(n => !Text(signal).Contains(n, StringComparison.Ordinal)))} ({Bodies.GetValueOrDefault(signal)?.Count ?? 0} export(s) received)",
                TimeSpan.FromMilliseconds(250));
            return Text(signal);
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Traces_metrics_and_logs_reach_an_OTLP_collector_with_Cordons_names(string store)
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await CordonHost.StartAsync(store, demo: true,
            $"--Cordon:Telemetry:OtlpEndpoint={collector.Url}", "--Cordon:Telemetry:MetricIntervalMilliseconds=500", "--Cordon:Telemetry:ServiceName=cordon-test");
        var officer = await host.AsAsync("officer");
        var posted = await officer.PostAsJsonAsync("/api/declarations", Cordon.Tests.Declarations.Samples.Declaration("26NL0000000007001"), Ct);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));
        (await officer.GetAsync("/api/declarations?pageSize=5", Ct)).EnsureSuccessStatusCode();

        // Requests by route, with the service named as configured.
        var traces = await collector.WaitForAsync("traces", "cordon-test", "POST /api/declarations", "GET /api/declarations", "http.route");
        if (store == TestStore.Postgres)
        {
            Assert.Contains("postgresql", traces, StringComparison.Ordinal); // Npgsql's command spans
        }
        // Cordon's own metrics beside ASP.NET Core's.
        await collector.WaitForAsync("metrics", "cordon.intake.records", "accepted", "http.server.request.duration");
        // Logs, with the trace they belong to.
        await collector.WaitForAsync("logs", "cordon-test");
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_and_a_bad_endpoint_is_named_at_start()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CordonHost.StartAsync("sqlite", demo: false, "--Cordon:Telemetry:OtlpEndpoint=collector:4318"));
        Assert.Contains("Cordon:Telemetry:OtlpEndpoint", failure.Message, StringComparison.Ordinal);

        await using var host = await CordonHost.StartAsync("sqlite", demo: false);
        Assert.Null(host.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }
}
