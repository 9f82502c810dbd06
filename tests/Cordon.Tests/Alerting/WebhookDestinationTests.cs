using System.Net;
using System.Net.Sockets;
using System.Text;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cordon.Tests.Alerting;

/// <summary>Issue 17, webhooks reach internal addresses: where webhooks may go, how the check holds at connection time, and how they are signed.</summary>
public sealed class WebhookDestinationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://siem.example.org/hook")] // plain http
    [InlineData("https://127.0.0.1:8443/hook")] // loopback
    [InlineData("https://localhost/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")] // loopback in IPv6 clothing
    [InlineData("https://10.1.2.3/hook")] // private
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")] // link-local: cloud metadata
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::1]/hook")] // unique local
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://user:pw@siem.example.org/hook")]
    [InlineData("ftp://siem.example.org/hook")]
    public void Internal_addresses_and_plain_http_are_refused_by_default(string url)
        => Assert.NotNull(WebhookDestinations.Refusal(WebhookDestinationOptions.Strict, url, out _));

    [Fact]
    public void Public_https_is_allowed_and_an_operator_may_allow_http_and_internal_networks()
    {
        Assert.Null(WebhookDestinations.Refusal(WebhookDestinationOptions.Strict, "https://siem.example.org/hook", out _));
        Assert.Null(WebhookDestinations.Refusal(WebhookDestinationOptions.Strict, "https://203.0.113.10/hook", out _));
        var operatorAllows = new WebhookDestinationOptions { AllowHttp = true, AllowedNetworks = ["10.20.0.0/16"] };
        Assert.Null(WebhookDestinations.Refusal(operatorAllows, "http://10.20.4.5:8080/cordon", out _));
        Assert.NotNull(WebhookDestinations.Refusal(operatorAllows, "http://10.21.4.5/cordon", out _)); // only the listed network
        Assert.NotNull(WebhookDestinations.Refusal(operatorAllows, "http://127.0.0.1/cordon", out _));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_subscription_to_an_internal_address_is_refused(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var officer = await s.ActorAsync("officer");
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => AlertSubscriptions.CreateAsync(db, officer,
            new SubscriptionInput("mine", [], null, null, null, null, "webhook", "http://127.0.0.1:9/collect", false), Ct));
        Assert.Contains("webhookUrl", refused.Errors.Keys);
        var https = await AlertSubscriptions.CreateAsync(db, officer, new SubscriptionInput("SIEM", [], null, null, null, null, "webhook", "https://siem.example.org/cordon", false), Ct);
        Assert.Equal("https://siem.example.org/cordon", https.WebhookUrl);
    }

    [Fact]
    public async Task The_connection_goes_to_the_checked_address_only_so_a_name_rebound_to_loopback_gets_nowhere()
    {
        var port = FreePort();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        app.MapPost("/hook", () => { Interlocked.Increment(ref calls); return Results.Ok(); });
        await app.StartAsync(Ct);

        // "localhost" stands for any name whose DNS answer changed to an internal address after it was checked.
        var strict = new HttpClient(WebhookDestinations.CreateHandler(new WebhookDestinationOptions { AllowHttp = true }));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => strict.PostAsync($"http://localhost:{port}/hook", new StringContent("{}"), Ct));
        Assert.Contains("internal", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => strict.PostAsync($"http://127.0.0.1:{port}/hook", new StringContent("{}"), Ct));
        Assert.Equal(0, calls);

        // Allow-listed by an operator, the same receiver is reached.
        var allowed = new HttpClient(WebhookDestinations.CreateHandler(new WebhookDestinationOptions { AllowHttp = true, AllowedNetworks = ["127.0.0.0/8", "::1/128"] }));
        (await allowed.PostAsync($"http://localhost:{port}/hook", new StringContent("{}"), Ct)).EnsureSuccessStatusCode();
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Webhooks_are_signed_as_the_Standard_Webhooks_specification_shows()
    {
        // The example of the Standard Webhooks specification (github.com/standard-webhooks/standard-webhooks).
        var signature = AlertWebhooks.SignStandard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
        Assert.StartsWith("whsec_", AlertWebhooks.NewSecret(), StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(AlertWebhooks.NewSecret()["whsec_".Length..]).Length);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
