using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Cordon.Alerting;

/// <summary>
/// Where webhooks may go (<c>Cordon:Alerts:Webhooks</c>). By default: https only, and never to loopback,
/// link-local, private, shared or multicast addresses, which would let any subscriber make the server
/// post into its own network. An operator may allow plain http and allow-list networks (CIDR).
/// </summary>
public sealed class WebhookDestinationOptions
{
    public static readonly WebhookDestinationOptions Strict = new();

    public bool AllowHttp { get; set; }
    /// <summary>Networks an operator allows despite being internal, e.g. "10.20.0.0/16" for the agency's SIEM.</summary>
    public string[] AllowedNetworks { get; set; } = [];

    private IReadOnlyList<System.Net.IPNetwork>? _allowed;

    internal IReadOnlyList<System.Net.IPNetwork> Allowed => _allowed ??= AllowedNetworks.Select(n => System.Net.IPNetwork.Parse(n.Trim())).ToList();

    public static WebhookDestinationOptions From(IConfiguration configuration)
        => configuration.GetSection("Cordon:Alerts:Webhooks").Get<WebhookDestinationOptions>() ?? new WebhookDestinationOptions();
}

public static class WebhookDestinations
{
    /// <summary>The named client of <see cref="IHttpClientFactory"/> that delivers webhooks.</summary>
    public const string ClientName = "cordon.webhooks";

    private static readonly System.Net.IPNetwork[] Internal =
    [
        System.Net.IPNetwork.Parse("0.0.0.0/8"), System.Net.IPNetwork.Parse("10.0.0.0/8"), System.Net.IPNetwork.Parse("100.64.0.0/10"),
        System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("169.254.0.0/16"), System.Net.IPNetwork.Parse("172.16.0.0/12"),
        System.Net.IPNetwork.Parse("192.0.0.0/24"), System.Net.IPNetwork.Parse("192.168.0.0/16"), System.Net.IPNetwork.Parse("198.18.0.0/15"),
        System.Net.IPNetwork.Parse("224.0.0.0/4"), System.Net.IPNetwork.Parse("240.0.0.0/4"),
        System.Net.IPNetwork.Parse("::/128"), System.Net.IPNetwork.Parse("::1/128"), System.Net.IPNetwork.Parse("fc00::/7"),
        System.Net.IPNetwork.Parse("fe80::/10"), System.Net.IPNetwork.Parse("fec0::/10"), System.Net.IPNetwork.Parse("ff00::/8"),
        System.Net.IPNetwork.Parse("64:ff9b::/96"), System.Net.IPNetwork.Parse("2002::/16"),
    ];

    /// <summary>Whether the server may connect to <paramref name="address"/> under <paramref name="options"/>.</summary>
    public static bool Allows(WebhookDestinationOptions options, IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (options.Allowed.Any(n => n.Contains(address)))
        {
            return true;
        }
        return !Internal.Any(n => n.Contains(address));
    }

    /// <summary>
    /// Checks a subscription's URL: absolute, https (http only where allowed), no credentials, and a host that is
    /// not an internal address. Host names are checked again at every connection (<see cref="CreateHandler"/>).
    /// </summary>
    public static string? Refusal(WebhookDestinationOptions options, string? url, out Uri? uri)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "A webhook subscription needs an absolute https URL.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowHttp)
        {
            return "Webhooks are sent over https only (an operator can allow http: Cordon:Alerts:Webhooks:AllowHttp).";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "Put no credentials in the webhook URL: receivers check the signature.";
        }
        var host = uri.IdnHost.TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(host, out var ip) ? !Allows(options, ip) : IsLocalName(host) && !options.Allowed.Any(n => n.Contains(IPAddress.Loopback)))
        {
            return $"'{uri.Host}' is an internal address: webhooks go to loopback, link-local or private networks only where an operator allow-lists them (Cordon:Alerts:Webhooks:AllowedNetworks).";
        }
        return null;
    }

    private static bool IsLocalName(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
           || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The connection handler: resolves the host itself and connects only to an address it has just checked, so a
    /// name that resolves to a public address at subscription time and to 127.0.0.1 later (DNS rebinding) gets nowhere.
    /// No proxy and no redirects: the checked address is the one spoken to.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(WebhookDestinationOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host.TrimStart('[').TrimEnd(']');
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(a => Allows(options, a)).ToList();
            if (allowed.Count == 0)
            {
                throw new HttpRequestException($"refused: {host} resolves only to internal addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}), which are not allow-listed");
            }
            Exception? last = null;
            foreach (var address in allowed)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    socket.Dispose();
                    last = e;
                    if (e is OperationCanceledException)
                    {
                        throw;
                    }
                }
            }
            throw new HttpRequestException($"connection to {host} failed", last);
        },
    };

    /// <summary>
    /// Registers the webhook client: the checked connection handler, and a resilience pipeline per receiver
    /// (a total timeout and a circuit breaker, so a dead receiver is not hammered). Retries are the outbox's:
    /// each delivery is retried with backoff and dead-lettered, under its idempotency key.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var options = WebhookDestinationOptions.From(configuration);
        services.AddSingleton(options);
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(options))
            .AddResilienceHandler("webhook-delivery", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromSeconds(60));
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.9,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromMinutes(1),
                    BreakDuration = TimeSpan.FromSeconds(30),
                });
            })
            .SelectPipelineByAuthority();
        return services;
    }
}
